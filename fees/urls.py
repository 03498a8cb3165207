from django.urls import path

from . import views

app_name = "fees"
urlpatterns = [path("fees/<token:token>/", views.FeeView.as_view(), name="fee")]
