#!/usr/bin/env python3
# usage (from the repository root): python3 tools/traingen/gen_ja_lead.py
# Lead's additional Japanese passages (own writing): generic structure (2),
# review/audit (6) and incident-handling (7) clauses inside risk paragraphs,
# the register of 有価証券報告書 business-risk sections.
import json, random
random.seed(7)
risk = [
 ("当社グループは、取引先から預かる設計データや顧客の個人情報を多数保有しています。", "4.1"),
 ("不正アクセスやマルウェア感染により情報が外部へ漏れた場合、賠償責任や取引停止により業績が悪化するおそれがあります。", "4.1"),
 ("基幹システムが攻撃を受けて停止した場合、受注や出荷が滞り、経営成績に影響が生じる可能性があります。", "4.1"),
 ("事業の多くを情報システムに依存しており、その停止や情報の流出は社会的な信用の低下につながります。", "4.1"),
]
struct = [
 ("これに備え、情報管理の責任者を置き、全社の管理体制を整えています。", "2.1"),
 ("当社は情報セキュリティを統括する部署を設け、グループ横断の推進体制を構築しています。", "2.1"),
 ("管理体制を整備し、各部門に情報管理の担当者を配置しています。", "2.1"),
 ("担当役員を委員長とする委員会が対策の方針を定め、取締役会に定期的に報告しています。", "2.1"),
 ("情報管理に関する体制を社内に構築し、役割と責任を明確にしています。", "2.1"),
 ("情報セキュリティのリスクは全社リスク管理の対象として位置づけ、リスク管理委員会で審議しています。", "2.2"),
]
review = [
 ("対策の実施状況は内部監査部門が定期的に監査し、指摘事項は改善につなげています。", "6.1"),
 ("毎年、規程と対策を点検し、必要に応じて見直しを行っています。", "6.1"),
 ("各拠点の管理状況を年に一度自己点検し、結果を踏まえて改善を図っています。", "6.1"),
 ("外部の専門機関による評価を受け、その結果をもとに対策を継続的に改善しています。", "6.1"),
]
incident = [
 ("万一情報の漏洩が生じた場合に備え、速やかに報告し対応する手順を定めています。", "7.1"),
 ("事故が起きた際には対策本部を設けて原因を調べ、再発防止策を講じる体制を整えています。", "7.1"),
 ("インシデント発生時の連絡経路と初動の手順を定め、被害の拡大を防ぐ体制としています。", "7.1"),
]
other = [
 ("また、従業員には情報の取扱いに関する教育を継続して行っています。", "3.1"),
 ("加えて、ウイルス対策や通信の監視などの技術的な対策を講じています。", "5.1"),
 ("情報セキュリティに関する基本方針と社内規程を定め、全社に周知しています。", "1.2"),
]
tail = ["それでも、想定を超える手口の攻撃を防ぎきれない場合が残ります。", ""]
out = []
def item(e): return int(e.split(".")[0])
pools = [struct, review, incident]
n = 0
for pool in pools:
    for s, e in pool:
        for k in range(3):
            parts = [random.choice(risk)]
            parts.append((s, e))
            if k >= 1: parts.append(random.choice(other))
            if k == 2: parts.append(random.choice([p for q in pools if q is not pool for p in q]))
            text = "".join(p[0] for p in parts) + random.choice(tail)
            els = sorted({p[1] for p in parts}, key=lambda x: [int(v) for v in x.split(".")])
            items = sorted({item(x) for x in els})
            n += 1
            out.append({"id": f"tja-lead-{n:03d}", "lang": "ja", "text": text, "items": items,
                        "elements": els, "spec": 2})
with open("data/train/ja-lead01.jsonl", "w", encoding="utf-8") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out))
