"""One module per conversation of the MUPRAS claims assistant."""
