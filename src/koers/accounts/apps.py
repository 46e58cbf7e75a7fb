from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "koers.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"
