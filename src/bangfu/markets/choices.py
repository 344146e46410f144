"""Code lists of employment and consumption assistance (就业帮扶、消费帮扶).

Stored values are the Chinese codes users type in workbooks; labels are translatable. Sources: the programme
article (shared/reference/programme-article.md: 粤菜师傅 training, 南粤春暖 job fairs, Shenzhen's labour market,
网商网店、直播带货, 扶贫产品展销中心、消费扶贫馆) and issue #17 (destinations, job kinds, benefit mechanisms).
粤菜师傅, 南粤家政 and 广东技工 are Guangdong's three named skills projects (三项工程).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingBrand(models.TextChoices):
    """培训品牌."""

    CANTONESE_CHEF = "粤菜师傅", _("Cantonese chef (粤菜师傅)")
    HOUSEKEEPING = "南粤家政", _("Southern Guangdong housekeeping (南粤家政)")
    TECHNICIAN = "广东技工", _("Guangdong technician (广东技工)")
    OTHER = "其他", _("other")


class FairBrand(models.TextChoices):
    """招聘会品牌."""

    SPRING_WARMTH = "南粤春暖", _("Southern Guangdong spring warmth (南粤春暖)")
    OTHER = "其他", _("other")


class FundingSource(models.TextChoices):
    """培训资金来源 (the same codes as the projects' fund sources)."""

    DONOR_FINANCE = "帮扶方财政", _("donor city finance")
    LOCAL_FINANCE = "地方财政", _("local finance")
    DONATION = "社会捐赠", _("social donation")
    ENTERPRISE = "企业", _("enterprise")


class Destination(models.TextChoices):
    """就业地点: where a placed member works."""

    LOCAL = "本地", _("local (within the county)")
    PROVINCE = "省内", _("elsewhere in the province")
    SHENZHEN = "深圳", _("Shenzhen")
    OUTSIDE = "省外", _("outside the province")


class JobKind(models.TextChoices):
    """岗位类别."""

    PUBLIC_WELFARE = "公益岗位", _("public-welfare post")
    MARKET = "市场就业", _("market job")


class SubsidyKind(models.TextChoices):
    """就业补贴类别."""

    TRANSPORT = "交通补贴", _("transport subsidy")
    JOB = "就业补贴", _("job subsidy")
    OTHER = "其他", _("other")


class ProducerKind(models.TextChoices):
    """生产经营主体类别."""

    COOPERATIVE = "合作社", _("cooperative")
    ENTERPRISE = "企业", _("enterprise")
    FARMER = "农户", _("farming household")


class ProductCategory(models.TextChoices):
    """扶贫产品类别."""

    GRAIN_OIL = "粮油", _("grain and oil")
    FRUIT_VEGETABLE = "果蔬", _("fruit and vegetables")
    LIVESTOCK = "畜禽", _("livestock and poultry")
    AQUATIC = "水产", _("aquatic products")
    TEA = "茶叶", _("tea")
    PROCESSED = "加工食品", _("processed food")
    CRAFT = "手工艺品", _("crafts")
    OTHER = "其他", _("other")


class Channel(models.TextChoices):
    """销售渠道."""

    EXHIBITION_CENTRE = "扶贫产品展销中心", _("poverty-alleviation products exhibition centre")
    CONSUMPTION_HALL = "消费扶贫馆", _("consumption-assistance hall")
    ONLINE_SHOP = "网店", _("online shop")
    LIVE_STREAM = "直播带货", _("live-stream selling")
    UNIT_PURCHASE = "帮扶单位食堂工会采购", _("canteen or union purchase by assisting units")
    OTHER = "其他", _("other")


class BuyerType(models.TextChoices):
    """购买方类别."""

    UNIT = "帮扶单位", _("assisting unit")
    AGENCY = "机关事业单位", _("government agency or institution")
    ENTERPRISE = "企业", _("enterprise")
    PERSON = "个人", _("individual")
    OTHER = "其他", _("other")


class Mechanism(models.TextChoices):
    """利益联结机制: how a household benefits from a producer."""

    ORDER_PURCHASE = "订单收购", _("order purchase")
    EMPLOYMENT = "务工", _("work")
    DIVIDEND = "分红", _("dividend")
    OTHER = "其他", _("other")
