"""Django forms of the web pages, one module per page area."""
