"""Reading and writing files in other formats (no database access)."""
