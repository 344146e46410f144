"""``bangfu api-token USER``: create an API token for a user (shown once), list or revoke a user's tokens."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bangfu.api.services import MAX_TOKEN_DAYS, api_token_create, api_token_revoke_by, api_tokens
from bangfu.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "为用户生成接口令牌（只显示这一次，数据库只保存其 SHA-256），或列出、吊销用户的令牌。令牌代表该用户："
        "角色和数据范围与其登录网页时相同；到期（默认 90 天，BANGFU_API_TOKEN_DAYS）或吊销后失效。"
        " / Create an API token for a user (shown once; only its SHA-256 is stored), or list or revoke the"
        " user's tokens. A token acts as its user: same role, same scope; it stops working when it expires"
        " (default 90 days, BANGFU_API_TOKEN_DAYS) or is revoked."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名 / the user's name")
        parser.add_argument("--name", default="", help="令牌用途，如“月报脚本” / what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"有效天数（默认 {settings.API_TOKEN_DAYS}，最多 {MAX_TOKEN_DAYS}）"
            f" / days the token is valid (default {settings.API_TOKEN_DAYS}, at most {MAX_TOKEN_DAYS})",
        )
        parser.add_argument("--list", action="store_true", help="列出该用户的令牌 / list the user's tokens")
        parser.add_argument(
            "--revoke", metavar="PREFIX", default="", help="吊销以此开头的令牌（前8位）/ revoke by prefix"
        )

    def handle(self, *args, username: str, name: str, days: int | None, list: bool, revoke: str, **options):
        if list:
            now = timezone.now()
            self.stdout.write(
                "前缀 prefix  创建 created  到期 expires  最近使用 last used  状态 state  用途 name"
            )
            for token in api_tokens(username=username):
                if token.revoked_at:
                    state = f"已吊销 revoked {timezone.localtime(token.revoked_at):%Y-%m-%d}"
                else:
                    state = "已过期 expired" if token.expires_at <= now else "有效 active"
                used = (
                    f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}" if token.last_used_at else "-"
                )
                self.stdout.write(
                    f"{token.prefix}…  {timezone.localtime(token.created_at):%Y-%m-%d}"
                    f"  {timezone.localtime(token.expires_at):%Y-%m-%d}  {used}  {state}  {token.name}"
                )
            return
        if revoke:
            active = api_tokens(username=username).filter(prefix=revoke[:8], revoked_at=None)
            revoked = 0
            for token in active.select_related("user"):  # as the token's owner: the operator acts for them
                api_token_revoke_by(user=token.user, token_id=token.pk)
                revoked += 1
            if not revoked:
                raise CommandError(f"没有以 {revoke} 开头的有效令牌 / no active token starts with {revoke}")
            self.stdout.write(f"已吊销 {revoked} 个令牌 / revoked {revoked} token(s)")
            return
        try:
            new = api_token_create(username=username, name=name, days=days)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stderr.write(
            f"用户 {username} 的接口令牌，{timezone.localtime(new.record.expires_at):%Y-%m-%d %H:%M} 到期"
            f"（只显示这一次，请妥善保存）/ API token for {username}, expires"
            f" {timezone.localtime(new.record.expires_at):%Y-%m-%d %H:%M} (shown once):"
        )
        self.stdout.write(new.token)
