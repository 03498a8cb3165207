from django.contrib.auth.management import create_permissions
from django.db import migrations

PANEL_GROUP = "Bursary panel"
PANEL_PERMISSIONS = [
    ("bursaries", "view_bursaryapplication"),
    ("bursaries", "change_bursaryapplication"),
    ("bursaries", "view_review"),
    ("bursaries", "add_review"),
    ("bursaries", "change_review"),
    ("bursaries", "view_statuschange"),
    ("outbox", "view_email"),  # to see whether emails to applicants went out
]


def create_panel_group(apps, schema_editor):
    # On a fresh database, permissions are only created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PANEL_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PANEL_PERMISSIONS
        ]
    )


def remove_panel_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PANEL_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0001_initial"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_panel_group, remove_panel_group)]
