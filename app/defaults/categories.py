"""Categories of clause 5 that ship with no plugin, declared by the platform's default plugin."""

CONFIGURED_CATEGORIES = [
    {
        "code": "quality",
        "name_zh": "质量管理",
        "name_en": "Quality management",
        "description_zh": "质量政策宣贯、首席质量官、质量诊断、5S 管理、质量文化与诚信、质量安全及培训。",
        "description_en": "Quality policy briefings, chief quality officers, quality diagnosis, 5S, "
        "quality culture, credit and safety, training.",
        "icon": "fa-check-circle",
        "order": 50,
    },
    {
        "code": "brand",
        "name_zh": "品牌培育",
        "name_en": "Brand building",
        "description_zh": "商标及地理标志咨询、品牌建设、质量奖申报辅导、对标学习考察。",
        "description_en": "Trademark and geographical-indication consulting, brand building, "
        "quality-award applications, study visits.",
        "icon": "fa-star",
        "order": 60,
    },
    {
        "code": "other",
        "name_zh": "其他服务",
        "name_en": "Other services",
        "description_zh": "企业登记注册咨询、产品缺陷风险评估与缺陷报告受理、技术性贸易措施通报、碳检测与碳足迹等。",
        "description_en": "Company registration consulting, product defect risk assessment and defect "
        "reports, TBT notifications, carbon testing and carbon footprint, other QI services.",
        "icon": "fa-ellipsis-h",
        "order": 80,
    },
]
