// Following a footnote opens the excerpts of the source it leads to.
(function () {
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.querySelector("details.backing-details");
    if (details) {
      details.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
