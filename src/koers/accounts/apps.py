from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "koers.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"

    def ready(self):
        from koers.accounts import panels
        from koers.core.registry import register
        from koers.core.scoping import Role

        register(
            menu_links=[panels.users_link],
            role_start_pages={Role.ADMINISTRATOR: "accounts:user_list"},
        )
