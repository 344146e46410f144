"""``bangfu api-token USER``: create an API token for a user (shown once), list or revoke a user's tokens."""

from django.core.management.base import BaseCommand, CommandError

from bangfu.api.services import api_token_create, api_token_revoke, api_tokens
from bangfu.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "为用户生成接口令牌（只显示这一次，数据库只保存其 SHA-256），或列出、吊销用户的令牌。令牌代表该用户："
        "角色和数据范围与其登录网页时相同。 / Create an API token for a user (shown once; only its SHA-256 is"
        " stored), or list or revoke the user's tokens. A token acts as its user: same role, same scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名 / the user's name")
        parser.add_argument("--name", default="", help="令牌用途，如“月报脚本” / what the token is for")
        parser.add_argument("--list", action="store_true", help="列出该用户的令牌 / list the user's tokens")
        parser.add_argument(
            "--revoke", metavar="PREFIX", default="", help="吊销以此开头的令牌（前8位）/ revoke by prefix"
        )

    def handle(self, *args, username: str, name: str, list: bool, revoke: str, **options):
        if list:
            for token in api_tokens(username=username):
                state = f"已吊销 revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "有效 active"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "-"
                self.stdout.write(
                    f"{token.prefix}…  {token.created_at:%Y-%m-%d}  {used}  {state}  {token.name}"
                )
            return
        if revoke:
            revoked = api_token_revoke(username=username, prefix=revoke)
            if not revoked:
                raise CommandError(f"没有以 {revoke} 开头的有效令牌 / no active token starts with {revoke}")
            self.stdout.write(f"已吊销 {revoked} 个令牌 / revoked {revoked} token(s)")
            return
        try:
            new = api_token_create(username=username, name=name)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stderr.write(
            f"用户 {username} 的接口令牌（只显示这一次，请妥善保存）/ API token for {username} (shown once):"
        )
        self.stdout.write(new.token)
