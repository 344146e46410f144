"""Every message the import shows users, in plain Chinese and in English, in one table.

Keys are stable (tests and the report's callers may use them); texts take ``str.format`` parameters.
Column names and code values stay Chinese in both languages: they are what the user types in the file.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # Files and sheets
    "path_missing": {"zh": "找不到文件或文件夹：{path}", "en": "No such file or folder: {path}"},
    "format_unsupported": {
        "zh": "不支持的文件类型“{suffix}”：请使用 .xlsx 工作簿，或存放 CSV 文件的文件夹或 .zip 压缩包",
        "en": "Unsupported file type '{suffix}': use an .xlsx workbook, or a folder or .zip of CSV files",
    },
    "workbook_unreadable": {
        "zh": "无法读取工作簿（文件可能已损坏或有密码）：{detail}",
        "en": "The workbook cannot be read (damaged or password-protected?): {detail}",
    },
    "zip_unreadable": {
        "zh": "无法读取压缩包（文件可能已损坏）：{detail}",
        "en": "The zip file cannot be read (damaged?): {detail}",
    },
    "archive_too_large": {
        "zh": "文件解压后有 {size} MB，超过上限 {limit} MB（BANGFU_IMPORT_MAX_UNCOMPRESSED_MB），不予读取。"
        "请把档案分成几个文件导入",
        "en": "The file unpacks to {size} MB, more than the limit of {limit} MB "
        "(BANGFU_IMPORT_MAX_UNCOMPRESSED_MB); it is not read. Split the register into several files",
    },
    "archive_too_large_partial": {
        "zh": "文件解压后超过 {limit} MB（BANGFU_IMPORT_MAX_UNCOMPRESSED_MB，已解压 {size} MB 时停止），不予读取",
        "en": "The file unpacks to more than {limit} MB (BANGFU_IMPORT_MAX_UNCOMPRESSED_MB; stopped at "
        "{size} MB); it is not read",
    },
    "archive_ratio": {
        "zh": "文件的压缩比为 {ratio} 倍，超过上限 {limit} 倍（BANGFU_IMPORT_MAX_RATIO），疑为“压缩炸弹”，不予读取",
        "en": "The file is compressed {ratio} times, more than the limit of {limit} (BANGFU_IMPORT_MAX_RATIO); "
        "it looks like a zip bomb and is not read",
    },
    "archive_lying": {
        "zh": "压缩包内的文件 {member} 解压后比其声明的大小更大，文件已损坏或被篡改，不予读取",
        "en": "The member {member} unpacks to more than its declared size; the file is damaged or forged and "
        "is not read",
    },
    "sheet_missing": {
        "zh": "缺少工作表“{sheet}”（工作簿中有：{present}）",
        "en": "Sheet '{sheet}' is missing (the workbook has: {present})",
    },
    "file_missing": {"zh": "缺少文件 {file}", "en": "File {file} is missing"},
    "encoding": {
        "zh": "无法识别文件编码：既不是 UTF-8 也不是 GB18030（第{line}行附近有无法识别的字节）。"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
        "en": "Unknown text encoding: neither UTF-8 nor GB18030 (undecodable bytes near line {line}). "
        "Save it from Excel as 'CSV UTF-8 (comma delimited)'",
    },
    "csv_malformed": {
        "zh": "第{line}行起的 CSV 格式有误，无法继续读取：{detail}",
        "en": "The CSV is malformed from line {line} on and cannot be read further: {detail}",
    },
    "header_missing": {
        "zh": "找不到表头行：前{limit}行中没有一行包含全部必填列（{columns}）",
        "en": "No header row: none of the first {limit} rows holds all required columns ({columns})",
    },
    "columns_missing": {
        "zh": "表头缺少必填列：{columns}",
        "en": "The header lacks required columns: {columns}",
    },
    "column_duplicate": {
        "zh": "列名“{column}”出现了不止一次，只读取了第一列",
        "en": "Column '{column}' appears more than once; only the first is read",
    },
    "column_unknown": {
        "zh": "不是模板中的列，已作为附加属性保留",
        "en": "Not a template column; kept as an extra attribute",
    },
    "column_unnamed": {
        "zh": "没有列名的列中有数据，已作为附加属性“{column}”保留",
        "en": "A column without a name holds data; kept as extra attribute '{column}'",
    },
    "column_absent": {
        "zh": "表中没有可选列“{column}”：已有记录的该项保持不变，新记录该项为空",
        "en": "Optional column '{column}' is absent: stored values stay as they are, new records leave it empty",
    },
    "column_absent_derived": {
        "zh": "表中没有可选列“{column}”，将按证件号码填写",
        "en": "Optional column '{column}' is absent; it is filled in from the ID number",
    },
    "errors_unlisted": {
        "zh": "还有 {count} 条同类错误（{reason}），不再逐条列出",
        "en": "{count} more errors of the same kind ({reason}); they are not listed one by one",
    },
    "warnings_unlisted": {
        "zh": "同类提示另有{count}行，不再逐行列出",
        "en": "{count} more rows have the same warning; they are not listed one by one",
    },
    # Cells
    "required": {"zh": "必填项为空", "en": "Required, but empty"},
    "code": {"zh": "应为以下之一：{codes}", "en": "Must be one of: {codes}"},
    "bool": {
        "zh": "应为“是”或“否”（也接受 Y/N、1/0）",
        "en": "Must be 是 or 否 (Y/N and 1/0 are accepted too)",
    },
    "year": {"zh": "应为四位年份，例如 2016", "en": "Must be a four-digit year, e.g. 2016"},
    "year_range": {"zh": "年份应在1949至2100之间", "en": "The year must be between 1949 and 2100"},
    "int": {"zh": "应为非负整数", "en": "Must be a whole number ≥ 0"},
    "money": {
        "zh": "应为金额（元），例如 1234.50、1,234 或 1234元",
        "en": "Must be an amount in yuan, e.g. 1234.50, 1,234 or 1234元",
    },
    "money_negative": {"zh": "金额不能为负数", "en": "The amount must not be negative"},
    "money_decimals": {"zh": "金额最多保留两位小数", "en": "Amounts have at most two decimal places"},
    "date": {
        "zh": "应为日期，例如 1965-02-03、1965/2/3 或 19650203",
        "en": "Must be a date, e.g. 1965-02-03, 1965/2/3 or 19650203",
    },
    "verified_date": {
        "zh": "核实日期“{found}”不是日期：应为 YYYY-MM-DD（例如 2019-03-01；也接受 2019/3/1、20190301），"
        "或留空",
        "en": "核实日期 '{found}' is not a date: expected YYYY-MM-DD (e.g. 2019-03-01; 2019/3/1 and 20190301 "
        "are accepted too), or an empty cell",
    },
    "verified_year": {
        "zh": "年度“{found}”不是年份：应为四位年份 YYYY（1949至2100，例如 2019），或留空",
        "en": "年度 '{found}' is not a year: expected a four-digit year YYYY (1949–2100, e.g. 2019), or an "
        "empty cell",
    },
    "division": {
        "zh": "应为12位数字的统计用区划代码",
        "en": "Must be a 12-digit statistical division code",
    },
    "division_county": {
        "zh": "前6位 {county} 不是县级行政区划代码（GB/T 2260）",
        "en": "The first 6 digits {county} are not a county-level division code (GB/T 2260)",
    },
    "county_not_in_system": {
        "zh": "县级区划 {county} 不在系统的行政区划中，无法挂接该村；请先添加该县区",
        "en": "County-level division {county} is not among the system's divisions; add the county first",
    },
    "lost_digits": {
        "zh": "该数字超过15位，Excel 已把它存为数值并丢失了末尾的数字；请把该列设为“文本”格式后重新填写",
        "en": "This number has more than 15 digits and Excel stored it as a number, losing its last "
        "digits; format the column as Text and enter it again",
    },
    "id_legacy": {
        "zh": "这是15位的旧身份证号码，请改填18位号码",
        "en": "This is a legacy 15-digit ID number; enter the 18-digit number instead",
    },
    "id_format": {
        "zh": "应为18位身份证号码：17位数字加1位数字或X",
        "en": "Must be an 18-character resident ID number: 17 digits, then a digit or X",
    },
    "id_birth_invalid": {
        "zh": "证件号码中的出生日期 {digits} 不是有效日期",
        "en": "The birth date in the ID number, {digits}, is not a real date",
    },
    "id_birth_future": {
        "zh": "证件号码中的出生日期 {birth} 晚于今天",
        "en": "The birth date in the ID number, {birth}, is in the future",
    },
    "id_birth_early": {
        "zh": "证件号码中的出生日期 {birth} 早于1900年1月1日，不合常理；请核对号码",
        "en": "The birth date in the ID number, {birth}, is before 1 January 1900; check the number",
    },
    "id_region": {
        "zh": "证件号码前6位 {prefix} 不是县级行政区划代码（GB/T 2260）",
        "en": "The first 6 digits {prefix} are not a county-level division code (GB/T 2260)",
    },
    "id_check": {
        "zh": "校验码错误：按前17位计算，最后一位应为 {expected}；请核对号码",
        "en": "Wrong check digit: from the first 17 digits the last one would be {expected}; check the number",
    },
    "sex_mismatch": {
        "zh": "与证件号码不符：按证件号码应为“{expected}”",
        "en": "Does not agree with the ID number, which says {expected}",
    },
    "birth_mismatch": {
        "zh": "与证件号码不符：按证件号码应为 {expected}",
        "en": "Does not agree with the ID number, which says {expected}",
    },
    "derived": {
        "zh": "为空，已按证件号码填为“{value}”",
        "en": "Empty; filled in from the ID number as {value}",
    },
    # Rows
    "identified_year_village": {
        "zh": "贫困村须填写识别年度",
        "en": "A poor village needs its identified year",
    },
    "identified_year_household": {
        "zh": "建档立卡贫困户须填写识别年度",
        "en": "A registered poor household needs its identified year",
    },
    "main_cause_required": {
        "zh": "建档立卡贫困户须填写主要致贫原因",
        "en": "A registered poor household needs its main cause of poverty",
    },
    "exit_before_identified": {
        "zh": "不能早于识别年度（{identified}）",
        "en": "Must not be before the identified year ({identified})",
    },
    "renovated_grade": {
        "zh": "危房改造只适用于住房安全等级为 C 或 D 的户（本户为 {grade}）；所填值已保留",
        "en": "危房改造 applies to housing grades C and D only (this household: {grade}); the value is kept",
    },
    "keys_without_relocation": {
        "zh": "搬迁交钥匙日期只适用于易地扶贫搬迁户（易地扶贫搬迁 = 是）；所填日期已保留，但不算作住房安全有保障",
        "en": "搬迁交钥匙日期 applies to relocated households (易地扶贫搬迁 = 是) only; the date is kept but does not "
        "count as safe housing",
    },
    "home_schooled_in_school": {
        "zh": "送教上门只适用于失学辍学的适龄儿童（失学辍学 = 是）；所填值已保留",
        "en": "送教上门 applies to school-age children out of school (失学辍学 = 是) only; the value is kept",
    },
    "phone": {
        "zh": "应为11位手机号码或固定电话号码（如 0660-3312345）",
        "en": "Must be an 11-digit mobile number or a landline number (e.g. 0660-3312345)",
    },
    "education_none": {
        "zh": "文化程度和在校生状况须填写其中一项",
        "en": "Fill in either 文化程度 or 在校生状况",
    },
    "education_both": {
        "zh": "文化程度（{education}）和在校生状况只能填写其中一项",
        "en": "Fill in only one of 文化程度 ({education}) and 在校生状况",
    },
    "months": {"zh": "务工月数应在0至12之间", "en": "Months in work must be between 0 and 12"},
    "dropout_reason_required": {
        "zh": "失学辍学为“是”时须填写辍学原因",
        "en": "When 失学辍学 is 是, 辍学原因 is required",
    },
    # Across rows and sheets
    "duplicate": {"zh": "与第{first}行重复", "en": "Duplicates row {first}"},
    "duplicate_income": {
        "zh": "该户{year}年度的收入在本表中出现了不止一次",
        "en": "This household's income for {year} appears more than once",
    },
    "duplicate_stats": {
        "zh": "该村{year}年度的统计在本表中出现了不止一次",
        "en": "This village's statistics for {year} appear more than once",
    },
    "village_unknown": {
        "zh": "行政区划代码 {code} 既不在“村”表中，也不是系统中已有的村",
        "en": "Division code {code} is neither in sheet 村 nor a village already in the system",
    },
    "household_unknown": {
        "zh": "户编号 {code} 既不在“户”表中，也不是系统中已有的户",
        "en": "Household code {code} is neither in sheet 户 nor a household already in the system",
    },
    "head_missing": {
        "zh": "“成员”表中没有该户与户主关系为“户主”的成员",
        "en": "Sheet 成员 has no member of this household whose 与户主关系 is 户主",
    },
    "head_extra": {
        "zh": "该户在第{first}行已有户主：每户只能有一名户主",
        "en": "This household already has a head in row {first}; a household has exactly one",
    },
    # The importing user's area (web upload by an officer; importing/scope.py)
    "outside_scope": {
        "zh": "行政区划代码 {code} 不在您的管辖范围（{area}）内：只能导入您所辖区域内的村和户",
        "en": "Division code {code} is outside your area ({area}): you may import only villages and "
        "households inside it",
    },
    "household_outside_scope": {
        "zh": "户编号 {code} 已登记在您管辖范围（{area}）以外的村，您不能导入或修改该户",
        "en": "Household {code} is registered in a village outside your area ({area}); you may not import "
        "or change it",
    },
    "member_outside_scope": {
        "zh": "该证件号码已登记在您管辖范围（{area}）以外的户中，不能迁入或修改",
        "en": "This ID number belongs to a member of a household outside your area ({area}); it cannot be "
        "moved or changed",
    },
    "household_code_look_alike": {
        "zh": "没有成员或收入记录使用此户编号；“成员”“收入”表用的是与之相似的 {used}，请核对户编号",
        "en": "No member or income row uses this 户编号; sheets 成员 and 收入 use the similar {used}. Check the code",
    },
    "conflicts_withheld": {
        "zh": "本文件还有证件号码已登记在您管辖范围以外的户中，但您在24小时内获知此类冲突已达上限（{limit} 条，"
        "BANGFU_IMPORT_CONFLICT_LIMIT），不再逐行列出；这些冲突已记录，由管理员和相关区域的业务人员处理",
        "en": "Some more ID numbers of this file are registered outside your area, but you have been told of "
        "{limit} such conflicts in 24 hours (BANGFU_IMPORT_CONFLICT_LIMIT) and the rows are not listed; the "
        "conflicts are recorded for administrators and the officers of the other area to resolve",
    },
    "head_mismatch": {
        "zh": "与“成员”表中户主（第{row}行）的证件号码 {actual} 不一致",
        "en": "Differs from the ID number {actual} of the head in sheet 成员 (row {row})",
    },
}


def message(key: str, lang: str = "zh", **params) -> str:
    """The text of message ``key`` in ``lang`` ("zh" or "en"), with its parameters filled in.

    List parameters are joined with 、 in Chinese and a comma in English.
    """
    texts = MESSAGES[key]
    separator = "、" if lang == "zh" else ", "  # lists (accepted codes, missing columns) are joined
    values = {
        name: separator.join(map(str, value)) if isinstance(value, list | tuple) else value
        for name, value in params.items()
    }
    return texts.get(lang, texts["zh"]).format(**values)
