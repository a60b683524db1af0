from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "forty2.people"
    label = "people"
    verbose_name = "People, departments and AIMS roles"
