"""The REST API (接口) at ``/api/``: read-only, scoped to the caller, typed, described by OpenAPI 3.

Every route needs a token or a signed-in session (``auth.AUTH``) and answers with what the caller's scope
(``scope_for(request.user)``) allows, through the same selectors the pages use. A record outside the scope is
a 404, the same as one that does not exist. The schema is at ``/api/openapi.json`` and the docs at
``/api/docs``, served from ninja's bundled static files (no CDN: users are offline); both need signing in.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from bangfu.api.auth import AUTH, require_auth
from bangfu.api.routes import assessment, figures, markets, monitoring, programme, registry

api = NinjaAPI(
    title="Bangfu 帮扶 API",
    version="1",
    description=(
        "对口帮扶平台的只读接口。用浏览器登录后的会话，或用 `bangfu api-token 用户名` 生成的令牌"
        "（`Authorization: Bearer <令牌>`）访问；只返回本人数据范围内的数据，证件号码和电话一律遮蔽。"
        "\n\nRead-only API of the counterpart-assistance platform. Sign in with the browser session or a token "
        "from `bangfu api-token USER`; answers hold only your scope's data, ID numbers and phones masked."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),  # no call to swagger.io's online validator
    docs_url="/docs",
    docs_decorator=require_auth,
)

for area in (registry, assessment, programme, markets, monitoring, figures):
    api.add_router("/", area.router)
