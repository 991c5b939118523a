"""The evaluation demo: the demo producer's dossiers in every state the workflow reaches, made by the demo
people through the real services (``steps``), with evidence files made in code (``files``).
``manage.py load_demo_evaluation`` runs it after ``load_demo_users``, ``load_rubrics`` and ``load_demo``."""
