"""The retention rule shared by every kind of person Tremplin keeps data on.

CNIL recruitment guidance: a candidate's data is kept 2 years after the last contact. Tremplin applies
the same period to the people of companies (employer contacts, the CRM's prospect contacts), which is
shorter than the 3 years the CNIL allows for commercial prospects. The person is warned by e-mail,
then anonymised ``WARNING_DAYS`` later unless they came back. ``graduates.retention`` and
``employers.retention`` each apply it to their own people.
"""

RETENTION_DAYS = 2 * 365
WARNING_DAYS = 30
