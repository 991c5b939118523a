"""The traceability screens under /truy-xuat/: batches (``batches``) and stamp sheets (``sheets``)."""
