"""The public directory and map (``public``) and the back office of operators and officers (``manage``)."""
