"""Small shared pieces of text handling, each written once: control characters and one-line text
(`text`), web links (`links`), dates and chat lengths (`dates`), spreadsheet-safe cells
(`cells`) and QR codes (`qr`). Request-free and database-free: the foundation floor."""
