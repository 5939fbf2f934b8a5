"""The MUPRAS claims assistant: infrastructure and domain services."""
