"""Server-rendered pages: the graduate's profile, the school's cohorts, employers' view of profiles,
trainers' confirmations and the personal-data pages (privacy.py)."""
