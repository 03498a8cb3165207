from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and partners"

    def ready(self):
        from common import pagecache

        from .models import Partner, Person, ResearchProject

        pagecache.renew_on_change(Person, Partner, ResearchProject, ResearchProject.people.through)
