from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("registrations/<token:token>/feedback/", views.FeedbackView.as_view(), name="give"),
]
