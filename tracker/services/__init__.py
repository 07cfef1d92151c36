"""Writes that span several records, callable from the API, the admin or a script."""
