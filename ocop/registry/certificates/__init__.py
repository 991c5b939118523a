"""What makes a certificate verifiable: its number and its product's code (``numbering``), its PDF with a
QR code to the public verification page (``document``)."""
