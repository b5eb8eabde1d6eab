"""12345 exports as the hotline platform writes them, for the import tests and the bench."""

import csv
import io

HEADER = ["工单编号", "来电时间", "诉求人", "联系电话", "诉求类型", "诉求内容", "承办单位", "办理时限"]


def csv_bytes(rows, header=HEADER, title: str | None = "12345政务服务便民热线工单导出（2026年11月）") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工单")
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["GD20261116001", "2026-11-16 09:12:00", "李先生", "13811112222", "投诉",
     "在区不动产登记中心办理二手房过户，窗口让我补交材料但没有一次性告知，来回跑了三趟", "区不动产登记中心", ""],
    ["GD20261116002", "2026/11/16 10:30", "周女士", "0571-87654321", "咨询", "办理食品经营许可证需要准备哪些材料？",
     "SCJG", "3"],
    ["GD20261117003", "2026-11-17 14:05", "", "139****8888", "建议", "建议大厅增加自助打印机，排队等候时间太长", "", "2026-12-04"],
    ["GD20261117004", "2026-11-17 15:20", "李先生", "13811112222", "投诉类",
     "还是二手房过户的事，区不动产登记中心一直没有给我答复", "区不动产登记中心", ""],
]
