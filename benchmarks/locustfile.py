"""The three roles' traffic for benchmarks/load.py (locust). Tokens come from LOAD_TOKENS (a JSON file).

Weights follow a school's day: graduates read their suggestions and offers most, employers post and
read their offers, the officer reads applications and the skills report, visitors read public pages.
Every offer an employer posts carries a unique tag in its title; the tag of each 201 is appended to
LOAD_ACKNOWLEDGED, which benchmarks/load.py compares with the rows in the database.
"""

import json
import os
import uuid

from locust import HttpUser, between, task

TOKENS = json.loads(open(os.environ["LOAD_TOKENS"], encoding="utf-8").read())  # noqa: SIM115


class _ApiUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {TOKENS[self.role]}"
        self.client.headers["Accept-Language"] = "fr"


class Graduate(_ApiUser):
    weight = 5
    role = "graduate"

    @task(4)
    def suggestions(self):
        self.client.get("/api/v1/suggestions/")

    @task(3)
    def search_offers(self):
        self.client.get("/api/v1/offers/?q=developpeur", name="/api/v1/offers/?q=")

    @task(1)
    def profile(self):
        self.client.get("/api/v1/graduates/me/")


class Employer(_ApiUser):
    weight = 2
    role = "employer"

    @task(2)
    def own_offers(self):
        self.client.get("/api/v1/employer/offers/")

    @task(1)
    def post_offer(self):
        tag = uuid.uuid4().hex[:8]
        response = self.client.post(
            "/api/v1/employer/offers/",
            json={
                "title": f"Technicien·ne support informatique {tag} (H/F)",
                "description": (
                    f"Offre {tag}. Vous assurez le support de niveau 1 et 2 des utilisateurs, "
                    "l'installation des postes de travail sous Windows 11 et la gestion des sauvegardes. "
                    "Débutant accepté, formation assurée."
                ),
                "contract_type": "CDI",
                "salary_min": "22000",
                "salary_max": "26000",
                "salary_period": "year",
                "commune": "62498",
                "remote": "onsite",
            },
            name="/api/v1/employer/offers/",
        )
        if response.status_code == 201:
            with open(os.environ["LOAD_ACKNOWLEDGED"], "a", encoding="utf-8") as f:
                f.write(tag + "\n")


class Officer(_ApiUser):
    weight = 1
    role = "officer"

    @task(2)
    def applications(self):
        self.client.get("/api/v1/applications/")

    @task(1)
    def skills_demand(self):
        self.client.get("/api/v1/reports/skills-demand/")


class Visitor(HttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    @task(2)
    def home(self):
        self.client.get("/")

    @task(3)
    def offers(self):
        self.client.get("/api/v1/offers/", headers={"Accept-Language": "fr"})
