from django.urls import path

from koers.documents import handover, views

app_name = "documents"
urlpatterns = [
    path("clienten/<uuid:person_uid>/", views.person_documents, name="person_list"),
    path(
        "clienten/<uuid:person_uid>/export/<slug:fmt>/",
        views.person_documents,
        name="document_list_export",
    ),
    path("clienten/<uuid:person_uid>/nieuw/", views.document_add, name="add"),
    path("clienten/<uuid:person_uid>/dossier.pdf", handover.file_pdf, name="file_pdf"),
    path("dossiers/<uuid:dossier_uid>/", views.dossier_documents, name="dossier"),
    path("dossiers/<uuid:dossier_uid>/nieuw/", views.dossier_document_add, name="dossier_add"),
    path("<uuid:document_uid>/bestand/", views.document_download, name="download"),
    path("<uuid:document_uid>/verwijderen/", views.document_delete, name="delete"),
]
