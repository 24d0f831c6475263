"""Reading and writing the files users exchange with other programs: CSV, XLSX, DOCX."""
