/*
 * test_lint.c - unit tests of the sensitivity lint on short texts: each rule
 * fires on a detail and stays quiet on a harmless look-alike; severities are
 * raised by the sensitive items; locations and JSON are well formed; the
 * HTML escaper never lets markup through; linting passage by passage
 * (kj_lint_begin/passage/end, also inside kj_analyze_document_each) finds
 * what linting them all at once does; a pattern or context that gives up
 * on a text (PCRE2's match limit) is recorded as a check that could not
 * finish, once per rule and text, the other findings kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kaiji/ingest.h"
#include "kaiji/render.h"

typedef struct {
    kj_linter *l;
    kj_arena *ar;
} fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    kj_error err = {0};
    if (!f || kj_linter_load(NULL, &f->l, &err) != KJ_OK) {
        fprintf(stderr, "linter: %s\n", err.msg);
        free(f);
        return -1;
    }
    f->ar = kj_arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    kj_linter_free(f->l);
    kj_arena_free(f->ar);
    free(f);
    return 0;
}

/* Lint one text as one passage; cls may be NULL. */
static kj_lint_result lint_text(fx *f, const char *text, const kj_classification *cls) {
    kj_passage *p = kj_arena_alloc(f->ar, sizeof *p);
    kj_test_passage(f->ar, NULL, text, KJ_LANG_AUTO, p, NULL);
    kj_passages ps = {.items = p, .n = 1};
    kj_lint_result r;
    kj_error err = {0};
    assert_int_equal(kj_lint_passages(f->l, &ps, cls, NULL, NULL, KJ_SEV_NOTE, f->ar, &r, &err),
                     KJ_OK);
    return r;
}

static int has(const kj_lint_result *r, const char *rule, const char *text) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].rule, rule) == 0 && (!text || strstr(r->items[i].text, text)))
            return 1;
    return 0;
}

static void fires(void **state, const char *text, const char *rule, const char *hit) {
    kj_lint_result r = lint_text(*state, text, NULL);
    if (!has(&r, rule, hit)) fail_msg("%s did not fire on: %s", rule, text);
}

static void quiet(void **state, const char *text) {
    kj_lint_result r = lint_text(*state, text, NULL);
    if (r.n) fail_msg("unexpected %s \"%s\" in: %s", r.items[0].rule, r.items[0].text, text);
}

static void test_rules_fire(void **state) {
    fires(state, "UTM は Sophos Intercept X 2023.1 を使っています。", "product-version",
          "Sophos Intercept X 2023.1");
    fires(state, "Mail relays run on mx-tokyo-03 behind the gateway.", "internal-host",
          "mx-tokyo-03");
    fires(state, "The share \\\\fileserv01\\finance holds the ledgers.", "internal-host", NULL);
    fires(state, "管理ネットワークは 172.20.0.0/14 です。", "ip-address", "172.20.0.0/14");
    fires(state, "Our edge uses fe80::1ff:fe23:4567:890a internally.", "ip-address", NULL);
    fires(state, "業務系はVLAN 30、開発系はVLAN 31に分けています。", "network-layout", "30");
    fires(state, "Only 443/tcp is allowed inbound.", "network-layout", "443/tcp");
    fires(state, "SOC 業務は Mandiant に委託して監視しています。", "named-defence-vendor", NULL);
    fires(state, "土日は誰も監視しておらず、月曜朝に確認します。", "monitoring-gap", NULL);
    fires(state, "Weekend alerts are not covered by any analyst.", "monitoring-gap", NULL);
    fires(state, "基幹サーバにはセキュリティ更新が適用されていない状態です。", "unpatched-weakness",
          NULL);
    fires(state, "Two kiosks still run unsupported Windows XP builds.", "unpatched-weakness", NULL);
    fires(state, "We patched CVE-2021-44228 in all products.", "cve-id", "CVE-2021-44228");
    fires(state, "セキュリティ事故の際は担当 鈴木（suzuki.h@example.co.jp）へ。",
          "responder-contact", "suzuki.h@example.co.jp");
    fires(state, "バックアップテープは毎週金曜日の18時に回収します。", "backup-location", NULL);
    /* a name is prefiltered by its leading word ("deep", not "security"),
     * which every spelling of it contains; a context's words are required
     * too, and the rule still fires when they are there */
    fires(state, "Our servers run DeepSecurity 20.0 on every host.", "product-version",
          "DeepSecurity 20.0");
    fires(state, "Our servers run Deep-Security v20.0 on every host.", "product-version",
          "Deep-Security v20.0");
    fires(state, "NEC monitors our firewall around the clock.", "named-defence-vendor", "NEC");
}

static void test_lookalikes_quiet(void **state) {
    quiet(state,
          "当社は ISO/IEC 27001:2022 認証を取得し、NIST CSF 2.0 に沿って対策を整理しています。");
    quiet(state, "2024年度の売上高は1,234.5億円、営業利益率は8.2%でした。");
    quiet(state, "IR に関するお問い合わせ: 03-1234-5678（IR部）");
    quiet(state, "We monitor our networks 24/7 with an external specialist provider.");
    quiet(state, "Version 2.1 of our policy was approved on 2024.04.01 by the Board.");
    quiet(state, "定期的にバックアップを取得し、遠隔地に保管しています。");
    quiet(state, "The meeting started at 10:30:00 and ended at 12:00.");
    /* a word that ends in ポート (レポート, サポート) is no port; an accounting
     * standard not yet applied is no patch; a product named where no
     * defence is spoken of (a list of competitors) says nothing of ours */
    quiet(state, "12月には「統合レポート2024」を発行しました。");
    quiet(state, "窓口のサポート2020年版を公開しました。");
    quiet(state, "（未適用の会計基準等）新たな会計基準の影響は軽微です。");
    quiet(state, "We compete with Microsoft, Oracle and Splunk in software.");
    /* a generic word before センター (a server centre) names no site, nor does
     * a name's tail: only a whole katakana name does */
    quiet(state, "バックアップデータは首都圏のサーバーセンターに保管しています。");
    fires(state, "バックアップデータはハーモニアデータセンターに保管しています。",
          "backup-location", "ハーモニアデータセンター");
    fires(state, "外部からはポート3389のみ接続を許可しています。", "network-layout", "3389");
    fires(state, "一部のサーバには未適用のパッチが残っています。", "unpatched-weakness", NULL);
    fires(state, "We use Splunk to monitor and detect threats.", "product-version", "Splunk");
}

/* A name and version right after an opening bracket, full-width or
 * half-width, in a passage about defences is a product version, the whole
 * name reported (a name ending in "os" was cut to "OS 10.1.6"); dates,
 * section numbers, figures, standards, a policy's version and a plan's
 * "2.0" in brackets are not. The names are made up. */
static void test_bracketed_version(void **state) {
    fires(state, "当社はファイアウォール（ExampleOS 10.1.6）を利用しています。", "product-version",
          "ExampleOS 10.1.6");
    fires(state, "境界のファイアウォール［ExampleGuard 9.2］で通信を制限しています。",
          "product-version", "ExampleGuard 9.2");
    fires(state, "エンドポイント対策として【ExampleGuard 9.2】を全端末に導入しています。",
          "product-version", "ExampleGuard 9.2");
    fires(state,
          "境界のファイアウォール（ＥｘａｍｐｌｅＧｕａｒｄ　１０．１．６）で遮断しています。",
          "product-version", "ＥｘａｍｐｌｅＧｕａｒｄ　１０．１．６");
    fires(state, "Our EDR agent (ExampleSensor 4.2.1) is deployed on all endpoints.",
          "product-version", "ExampleSensor 4.2.1");
    fires(state, "ルータ《ExampleRouter 3.1》と VPN 装置〔ExampleLink 5.2〕を監視しています。",
          "product-version", "ExampleLink 5.2");
    quiet(state, "ファイアウォールの更新（2024.10.1 実施）を終え、監視を継続しています。");
    quiet(state, "ファイアウォールの運用手順（1.2.3 参照）に沿って監視しています。");
    quiet(state, "Our firewall rule review (see Section 1.2.3) is part of our monitoring program.");
    quiet(state, "Our firewall blocked more malicious traffic (up 10.5%) than last year.");
    quiet(state, "To protect data we follow (NIST CSF 2.0) and (ISO/IEC 27001:2022).");
    quiet(state, "The policy (version 2.1) governs our firewall and endpoint protection.");
    quiet(state, "中期経営計画「Example Plan 2.0」のもとで監視体制を整えています。");
    quiet(state, "Our firewall appliances (throughput 10.5 Gbps) protect the perimeter.");
    quiet(state, "A firewall flaw (CVSS 9.8) found in testing was remediated.");
}

/* English negations of monitoring with a time window are gaps, whichever
 * comes first; statements of coverage are not. */
static void test_monitoring_gap_negations(void **state) {
    fires(state, "Our security operations center does not monitor alerts on weekends.",
          "monitoring-gap", "does not monitor alerts on weekends");
    fires(state, "The help desk isn't staffed at night.", "monitoring-gap", "isn't staffed");
    fires(state, "No one reviews alerts outside business hours.", "monitoring-gap", "No one");
    fires(state, "There is no monitoring on weekends or holidays.", "monitoring-gap",
          "no monitoring");
    fires(state, "On weekends, the SOC does not monitor alerts.", "monitoring-gap",
          "does not monitor");
    fires(state, "During holidays, alerts aren't triaged until the next business day.",
          "monitoring-gap", "aren't triaged");
    quiet(state, "Our SOC monitors alerts 24/7, including weekends and holidays.");
    quiet(state, "Our security operations center monitors our network around the clock, 24 "
                 "hours a day, 365 days a year.");
    quiet(state, "Including nights and weekends, there are no monitoring gaps.");
    quiet(state, "Alerts are not only reviewed during business hours but also on weekends.");
    quiet(state, "We do not stop monitoring on weekends.");
    quiet(state, "There is no interruption in monitoring on weekends.");
    quiet(state, "Alerts are not reviewed any less closely on weekends.");
    /* a negation of monitoring or staffing with "24/7" or "around the
     * clock" within three words after it */
    fires(state, "The SOC is not staffed 24/7.", "monitoring-gap", "not staffed 24/7");
    fires(state, "Our security operations center is not staffed around the clock.",
          "monitoring-gap", "not staffed around the clock");
    fires(state, "We do not monitor our plant networks 24/7.", "monitoring-gap",
          "do not monitor our plant networks 24/7");
    fires(state, "The SOC isn't manned round-the-clock.", "monitoring-gap", "isn't manned");
    fires(state, "There is no one on duty around the clock.", "monitoring-gap", "no one on duty");
    quiet(state, "Our SOC is staffed 24/7, including holidays.");
    quiet(state, "Alerts that are not triaged automatically are reviewed by analysts 24/7.");
    quiet(state, "The SOC is not merely staffed 24/7 but also automated.");
    quiet(state, "Alerts are not merely reviewed at night: they are triaged at once.");
    quiet(state, "There are no staffing gaps, 24/7.");
    quiet(state, "Alerts that are not reviewed within 24 hours are escalated.");
    /* monitoring as the subject of a negated act, the time window on
     * either side; and in Japanese, monitoring before its time window */
    fires(state, "Network monitoring does not take place on weekends or public holidays.",
          "monitoring-gap", "monitoring does not take place on weekends");
    fires(state, "Security monitoring is not performed outside business hours.", "monitoring-gap",
          "monitoring is not performed outside business hours");
    fires(state, "Overnight, log review is not carried out by anyone.", "monitoring-gap",
          "log review is not carried out");
    fires(state, "ネットワークの監視は週末に行っていない。", "monitoring-gap",
          "監視は週末に行っていない");
    fires(state, "監視は夜間には実施していません。", "monitoring-gap",
          "監視は夜間には実施していません");
    fires(state, "休日にはログを確認する担当者がいない。", "monitoring-gap", "ログを確認");
    quiet(state, "Monitoring is not performed only during business hours but also at night.");
    quiet(state, "Our security monitoring does not stop at night or on weekends.");
    quiet(state, "Monitoring is provided 24/7, and alerts raised on weekends are handled.");
    quiet(state, "監視は夜間も休日も途切れることなく実施しており、異常を見逃さない体制です。");
    quiet(state, "監視は休日でも停止せず、夜間帯も当番の担当者が対応しています。");
    quiet(state, "ログの確認は夜間も自動化されており、担当者の負担を減らしています。");
    /* 停止, 不在 and 手薄 negated say the opposite: monitoring that goes on */
    fires(state, "年末年始は検知の仕組みを停止しています。", "monitoring-gap", "停止");
    quiet(state, "年末年始も検知の仕組みを停止することなく運用しています。");
    quiet(state, "週末も監視担当者が不在にならないよう、当番を決めています。");
    quiet(state, "夜間の監視が手薄にならないよう、外部の事業者と分担しています。");
}

/* Product versions in three more shapes, in passages about defences: a
 * name with its bare version in brackets after it (N.0 too: the bracket
 * holds nothing but the version), the second and later entries of a
 * bracketed list (one span for the list), and a katakana name (four or
 * more katakana, whose last word is no common loanword) with a dotted
 * version or one after バージョン, ver or v. Counts, years, a guideline's
 * version, a plan's 2.0, scores and figures are not. Names are made up. */
/* Monitoring gaps in wordings the first patterns missed: monitoring limited
 * to office hours ("is limited to business hours", "during working hours
 * only", staffed from 8:00 to 18:00), alerts left for the next morning or
 * business day, no round-the-clock monitoring; in Japanese 営業時間内のみ,
 * 翌営業日に確認, 週明けに調査, 24時間体制ではない. Coverage around the clock,
 * by an outsourced SOC at night, and office hours that say nothing of
 * monitoring (a help desk, visitors, enquiries) stay quiet. */
static void test_monitoring_gap_wordings(void **state) {
    static const char *const gaps[] = {
        "Security monitoring is limited to business hours, and the team reviews alerts each "
        "weekday.",
        "Log monitoring is performed during working hours only.",
        "Outside business hours, alerts are reviewed the following morning by the IT team.",
        "Alerts raised overnight are triaged on the next business day.",
        "Our SOC operates Monday to Friday, 9 a.m. to 6 p.m.",
        "Monitoring coverage is confined to weekday office hours.",
        "Alerts that fire after hours wait until staff return the next morning.",
        "The security team watches the network only from 8:00 to 18:00 on weekdays.",
        "Security alerts are only reviewed on weekdays between 9:00 and 17:30.",
        "The company does not maintain 24/7 security monitoring of its plants.",
        "There is no round-the-clock SOC coverage at our overseas subsidiaries.",
        "Notifications generated over the weekend sit unreviewed until Monday.",
        "On Monday morning, the IT team checks alerts raised over the weekend.",
        "Network monitoring is restricted to the hours of 8 a.m. to 8 p.m.",
        "セキュリティ監視は営業時間内のみ実施しています。",
        "夜間・休日に発生したアラートは翌営業日に確認しています。",
        "アラートの確認は平日9時から18時までの間に限られます。",
        "休日に検知したアラートは、週明けに担当者が確認します。",
        "当社のSOCは平日日中のみの体制です。",
        "土日祝日に発生したイベントは、休み明けに情報システム部が調査します。",
        "セキュリティ監視は24時間体制ではありません。",
        "24時間365日の監視体制は整っていない。",
        "不審な通信の通知は、翌朝に担当者が確認する運用です。",
        "ログの確認は就業時間内だけ行っています。",
        "Intrusion detection alerts are examined by staff during the standard working day only.",
        "Any suspicious activity detected over a holiday weekend is investigated once employees "
        "are back at work.",
        "Security analysts are on shift from 9 a.m. to 5 p.m., Monday through Friday.",
        "Event logs from the retail stores are reviewed exclusively during regular office hours.",
        "営業日の日中以外はアラートを確認する体制がありません。",
        "監視センターの稼働は平日8時から20時までに限られています。",
    };
    static const char *const clean[] = {
        "Security monitoring runs 24/7, and alerts outside business hours are handled by an "
        "outsourced SOC covering nights and weekends.",
        "Our customer service desk is open during business hours, Monday to Friday.",
        "Round-the-clock monitoring continues outside business hours, and alerts are reviewed "
        "immediately.",
        "Payments received after business hours are processed the following business day.",
        "Monitoring is not limited to business hours; our SOC operates 24/7.",
        "The IT help desk is available Monday to Friday, 9 a.m. to 5 p.m.",
        "Alerts are triaged in real time by our managed SOC provider, and the internal team "
        "reviews trends the following morning.",
        "We lack a 24/7 SOC of our own, so monitoring is outsourced to an external provider that "
        "covers nights.",
        "当社は外部のSOCに委託し、24時間365日体制でネットワークを監視しています。",
        "窓口の受付は営業時間内のみとなります。",
        "夜間・休日のアラートは外部の監視センターが一次対応し、翌営業日に社内で振り返りを行って"
        "います。",
        "重大なアラートは即時に担当者へ通知し、軽微なものは翌営業日に確認しています。",
        "監視は平日日中に限らず、夜間・休日も外部のSOCが実施しています。",
        "お問い合わせは平日9時から17時までの間のみ受け付けています。",
        "セキュリティ監視は24時間体制ではないものの、夜間は外部委託先が監視しています。",
        "営業時間外のお問い合わせには翌営業日に回答いたします。",
        "The investor hotline operates from 9 a.m. to 5 p.m., Monday through Friday.",
        "Critical alerts page the on-call engineer at any hour, and routine reports are compiled "
        "the next business day.",
        "The annual security training is held during working hours only, so that every employee "
        "can attend.",
        "Monitoring is continuous; the internal team reviews the weekly summary every Monday "
        "morning.",
        "従業員向けのITヘルプデスクは平日の営業時間内のみ対応しています。",
        "監視は24時間体制で行っており、週明けには前週の傾向を分析しています。",
        "休日に届いた郵便物は翌営業日に総務部が確認します。",
    };
    for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++)
        fires(state, gaps[i], "monitoring-gap", NULL);
    for (size_t i = 0; i < sizeof clean / sizeof *clean; i++)
        quiet(state, clean[i]);
}

static void test_product_version_shapes(void **state) {
    fires(state, "境界のファイアウォールは ExampleOS（10.0）で動作しています。", "product-version",
          "ExampleOS（10.0）");
    fires(state, "Our firewall logs are kept in ExampleDB (12.0).", "product-version",
          "ExampleDB (12.0)");
    fires(state, "ファイアウォール（ExampleOS 9.2、ExampleDB 12.1）で通信を検査しています。",
          "product-version", "ExampleOS 9.2、ExampleDB 12.1");
    fires(state, "The firewall (ExampleOS 9.2 and ExampleDB 12.0) is monitored.", "product-version",
          "ExampleOS 9.2 and ExampleDB 12.0");
    fires(state, "境界のファイアウォールにはエグザンプルガード 10.2 を導入しています。",
          "product-version", "エグザンプルガード 10.2");
    fires(state, "監視サーバではエグザンプルOS バージョン9 を稼働させています。", "product-version",
          "エグザンプルOS バージョン9");
    fires(state, "全端末にエグザンプル・シールド 4.1 を展開し、マルウェアを検知しています。",
          "product-version", "エグザンプル・シールド 4.1");
    quiet(state, "監視用のファイアウォール 2台を本社に設置しています。");
    quiet(state, "エグザンプルガードを2024年に導入し、監視を強化しました。");
    quiet(state, "ファイアウォールの処理能力を 2.5倍 に高め、監視を強化しました。");
    quiet(state, "サイバーセキュリティ経営ガイドライン Ver3.0 に沿って監視体制を整えています。");
    quiet(state, "ソサエティ 5.0 の実現に向け、検知技術を活用します。");
    quiet(state, "検知の精度を示すセキュリティスコア 9.8 を維持しています。");
    quiet(state, "セキュリティ・オペレーション 2.0 のもとで監視を進めます。");
    quiet(state, "Firewall spending: Revenue (12.0) and Total (3.5) are shown in millions.");
    quiet(state, "We protect our systems under our Vision (2.0) and the Society (5.0) goals.");
}

static void test_severity_raised_by_item(void **state) {
    const char *t = "Directory services run on dc02.acme.local for all sites.";
    kj_lint_result plain = lint_text(*state, t, NULL);
    assert_true(plain.n >= 1);
    kj_classification c;
    memset(&c, 0, sizeof c);
    c.primary = 5;
    c.items[0] = 5;
    c.n_items = 1;
    kj_lint_result weighted = lint_text(*state, "Firewall rules reference proxy-gw-01 only.", &c);
    assert_true(weighted.n >= 1);
    assert_int_equal(weighted.items[0].item, 5);
    assert_true(weighted.items[0].severity >= weighted.items[0].base);
    kj_lint_result note = lint_text(
        *state, "Our PSIRT takes reports at psirt@example.com about security issues.", &c);
    assert_true(has(&note, "responder-contact", "psirt@"));
    assert_int_equal(note.items[0].severity, KJ_SEV_NOTE); /* generic address stays a note */
}

/* That the JSON of r's findings in file holds want. */
static void json_has(const kj_lint_result *r, const char *file, const char *want) {
    kj_buf b = KJ_BUF_INIT;
    int first = 1;
    assert_int_equal(kj_lint_append_json(r, file, &b, &first), KJ_OK);
    if (!strstr(b.data, want)) fail_msg("JSON lacks %s: %s", want, b.data);
    kj_buf_free(&b);
}

/* The one finding of rule in text, which must have exactly one. */
static const kj_lint_finding *only_finding(void **state, const char *text, const char *rule) {
    kj_lint_result r = lint_text(*state, text, NULL);
    const kj_lint_finding *f = NULL;
    for (size_t i = 0; i < r.n; i++) {
        if (strcmp(r.items[i].rule, rule) != 0) continue;
        if (f)
            fail_msg("two %s findings (\"%s\", \"%s\") in: %s", rule, f->text, r.items[i].text,
                     text);
        f = &r.items[i];
    }
    if (!f) fail_msg("%s did not fire on: %s", rule, text);
    return f;
}

/* Whether rule found exactly want (all of it, not a part) in text, at
 * character offsets [start, start + its length). */
static void finds_whole(void **state, const char *text, const char *rule, const char *want,
                        size_t start) {
    const kj_lint_finding *f = only_finding(state, text, rule);
    if (strcmp(f->text, want) != 0)
        fail_msg("%s found \"%s\", not \"%s\", in: %s", rule, f->text, want, text);
    assert_int_equal(f->start, start);
    assert_int_equal(f->end, start + kj_utf8_count(want, strlen(want)));
}

/* A host name by a naming scheme (db01, mx-tokyo-03, after "host name")
 * that goes on as a fully qualified name is found whole, its domain too:
 * only its first label was reported ("db01" of db01.corp.example.com). A
 * sentence's full stop ends it; public names and addresses without a host label stay quiet.
 * Fictional names. */
static void test_internal_host_whole_name(void **state) {
    finds_whole(state, "The ERP database runs on db01.corp.example.com.", "internal-host",
                "db01.corp.example.com", 25);
    finds_whole(state, "Mail is relayed by mx01.example.net and then filtered.", "internal-host",
                "mx01.example.net", 19);
    finds_whole(state, "Branch traffic passes fw-tokyo-01.example.co.jp first.", "internal-host",
                "fw-tokyo-01.example.co.jp", 22);
    finds_whole(state, "ホスト名は app-erp.example.org です。", "internal-host",
                "app-erp.example.org", 6);
    finds_whole(state, "基幹DB（db01.corp.example.local）を本社に置いています。", "internal-host",
                "db01.corp.example.local", 5);
    finds_whole(state, "Backups go to backup01.dr.example.internal, then to tape.", "internal-host",
                "backup01.dr.example.internal", 14);
    /* a UNC path, its server named in full or not */
    finds_whole(state, "Scans are saved to \\\\fs01.corp.example.local\\finance each night.",
                "internal-host", "\\\\fs01.corp.example.local\\finance", 19);
    finds_whole(state, "Scans are saved to \\\\fs01\\finance each night.", "internal-host",
                "\\\\fs01\\finance", 19);
    /* a bare name stays what it was */
    finds_whole(state, "The jump host jmp01 is the only way in.", "internal-host", "jmp01", 14);
    quiet(state, "Visit www.example.com or write to info@example.com for our report.");
    quiet(state, "Our annual report is at https://ir.example.co.jp/en/report2024.html today.");
    /* the JSON and the terminal's message carry the whole name */
    kj_lint_result r = lint_text(*state, "The ERP database runs on db01.corp.example.com.", NULL);
    json_has(&r, "x.txt", "\"start\":25,\"end\":46,\"text\":\"db01.corp.example.com\"");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    kj_lint_print_text(&r, "x.txt", f);
    fclose(f);
    assert_non_null(strstr(out, "Internal host name: \"db01.corp.example.com\""));
    free(out);
}

static void test_location_and_json(void **state) {
    kj_lint_finding f;
    memset(&f, 0, sizeof f);
    char loc[64];
    f.page = 3, f.para = 2;
    kj_lint_location(&f, loc, sizeof loc);
    assert_string_equal(loc, "p3:2");
    f.page = 0, f.section = "0102010";
    kj_lint_location(&f, loc, sizeof loc);
    assert_string_equal(loc, "0102010:2");
    f.section = NULL, f.line = 40, f.col = 7;
    kj_lint_location(&f, loc, sizeof loc);
    assert_string_equal(loc, "40:7");
    kj_lint_result r = lint_text(*state, "サーバ \"srv-x-01\" は 10.0.0.9 です。", NULL);
    json_has(&r, "a\"b.txt", "\"file\":\"a\\\"b.txt\"");
}

static void test_html_escape(void **state) {
    (void)state;
    kj_buf b = KJ_BUF_INIT;
    const char *s = "<script>\"x\"</script> ' & \x01 \xff`";
    kj_html_escape(&b, s, strlen(s));
    assert_null(strchr(b.data, '<'));
    assert_null(strchr(b.data, '>'));
    assert_null(strchr(b.data, '"'));
    assert_null(strchr(b.data, '\''));
    assert_null(strchr(b.data, '\x01'));
    assert_non_null(strstr(b.data, "&lt;script&gt;&quot;x&quot;"));
    kj_buf_free(&b);
    /* a bidirectional override or isolate (U+202E, U+2066) would show
     * what follows it backwards: it becomes U+FFFD; LRM (U+200E) stays */
    kj_buf c = KJ_BUF_INIT;
    s = "a\xE2\x80\xAE"
        "b\xE2\x81\xA6"
        "c\xE2\x80\x8E";
    kj_html_escape(&c, s, strlen(s));
    assert_string_equal(c.data, "a\xEF\xBF\xBD"
                                "b\xEF\xBF\xBD"
                                "c\xE2\x80\x8E");
    kj_buf_free(&c);
}

/* ---- headings ------------------------------------------------------------ */

/* The findings of r in a heading, in order: their count, and each one's
 * text, line, passage and para must be as given. */
typedef struct {
    const char *text;
    int line;
    size_t passage;
    int para;
} heading_hit;

static void assert_heading_hits(const kj_lint_result *r, const heading_hit *want, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        const kj_lint_finding *f = &r->items[i];
        if (!f->heading) continue;
        if (k >= n) fail_msg("more findings in headings than %zu: \"%s\"", n, f->text);
        assert_string_equal(f->text, want[k].text);
        assert_int_equal(f->line, want[k].line);
        assert_int_equal(f->passage, want[k].passage);
        assert_int_equal(f->para, want[k].para);
        assert_non_null(strstr(f->heading, f->text));
        k++;
    }
    assert_int_equal(k, n);
}

/* Headings are linted, each once (a heading over two paragraphs is read
 * once, not with each), at their own line: by themselves (■ファイアウォール
 * …) or with the passage they head as the context (【ExampleOS 9.2】 over a
 * paragraph about monitoring), also after the last passage. A heading's
 * findings come before its passage's, and its column counts in the
 * heading. */
static void test_heading_lint(void **state) {
    fx *f = *state;
    const char *text = "■ファイアウォール（ExampleGuard 10.1）\n\n" /* line 1 */
                       "境界の通信を常時検査しています。\n\n"       /* 3: passage 0 */
                       "【ExampleOS 9.2】\n\n"                      /* 5 */
                       "サーバの監視を続けています。\n\n"           /* 7: passage 1 */
                       "管理網は 10.20.30.0/24 です。\n\n"          /* 9: passage 2 */
                       "■ 管理網 10.20.40.0/24\n";                  /* 11 */
    kj_document *doc = kj_test_document("h.txt", text);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 3);
    assert_int_equal(ps.n_headings, 3);
    kj_lint_result r;
    assert_int_equal(
        kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, doc->arena, &r, &err), KJ_OK);
    static const heading_hit want[] = {
        {"ExampleGuard 10.1", 1, 0, 1}, {"ExampleOS 9.2", 5, 1, 2}, {"10.20.40.0/24", 11, 3, 4}};
    assert_heading_hits(&r, want, 3);
    assert_int_equal(r.n, 4); /* and the passage's address, once */
    assert_null(r.items[2].heading);
    assert_string_equal(r.items[2].text, "10.20.30.0/24");
    assert_int_equal(r.items[0].col, 11);
    assert_non_null(strstr(r.items[1].message, "見出し"));
    char loc[64];
    kj_lint_location(&r.items[1], loc, sizeof loc);
    assert_string_equal(loc, "5:2");
    kj_buf b = KJ_BUF_INIT;
    int first = 1;
    assert_int_equal(kj_lint_append_json(&r, "h.txt", &b, &first), KJ_OK);
    assert_non_null(strstr(b.data, "\"heading\":\"【ExampleOS 9.2】\""));
    assert_non_null(strstr(b.data, "\"heading\":null"));
    kj_buf_free(&b);
    kj_document_free(doc);
}

/* A heading alone is context for nothing but itself: without a passage
 * about defences under it, a bracketed name and version is no product's. */
static void test_heading_context(void **state) {
    fx *f = *state;
    kj_document *doc =
        kj_test_document("c.txt", "【ExampleOS 9.2】\n\n当社は新しい事業を始めました。\n");
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n_headings, 1);
    kj_lint_result r;
    assert_int_equal(
        kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, doc->arena, &r, &err), KJ_OK);
    assert_int_equal(r.n, 0);
    /* kept as passages (keep_headings), headings are linted as passages, once */
    kj_segment_options so = {.keep_headings = 1};
    assert_int_equal(kj_segment(doc, &so, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n_headings, 0);
    kj_document_free(doc);
}

/* A line of figures alone (an address on a line of its own) is no heading
 * and no passage, but the lint reads it, placed at its own line. */
static void test_lone_line_lint(void **state) {
    fx *f = *state;
    const char *text = "境界の通信を常時検査しています。\n\n"    /* line 1: passage 0 */
                       "192.0.2.10\n\n"                          /* 3 */
                       "結果は毎月、委員会に報告しています。\n"; /* 5: passage 1 */
    kj_document *doc = kj_test_document("l.txt", text);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_int_equal(ps.n_headings, 1);
    assert_true(ps.headings[0].lone);
    kj_lint_result r;
    assert_int_equal(
        kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, doc->arena, &r, &err), KJ_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].text, "192.0.2.10");
    assert_string_equal(r.items[0].heading, "192.0.2.10");
    assert_int_equal(r.items[0].line, 3);
    assert_non_null(strstr(r.items[0].message, "単独の行"));
    /* with keep_headings, the line is still listed, not made a passage */
    kj_segment_options so = {.keep_headings = 1};
    assert_int_equal(kj_segment(doc, &so, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n, 2);
    assert_int_equal(ps.n_headings, 1);
    kj_document_free(doc);
    /* at the document's end it heads nothing: it speaks the language of the
     * passage before it, not English for want of Japanese letters */
    doc = kj_test_document("e.txt", "境界の通信を常時検査しています。\n\n192.0.2.10\n");
    assert_int_equal(kj_segment(doc, NULL, doc->arena, &ps, &err), KJ_OK);
    assert_int_equal(ps.n_headings, 1);
    assert_int_equal(
        kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, doc->arena, &r, &err), KJ_OK);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.items[0].message, "単独の行"));
    kj_document_free(doc);
}

/* Lint plain text as kj_segment makes its passages; the findings. */
static kj_lint_result lint_segmented(fx *f, const char *text, kj_document **doc) {
    *doc = kj_test_document("t.txt", text);
    kj_passages ps;
    kj_error err = {0};
    assert_int_equal(kj_segment(*doc, NULL, (*doc)->arena, &ps, &err), KJ_OK);
    kj_lint_result r;
    assert_int_equal(
        kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, (*doc)->arena, &r, &err), KJ_OK);
    return r;
}

/* A line that reads as a title but is a passage (over 25 characters, no
 * heading's mark) is read with the paragraph after it as its patterns'
 * context, as a heading is: a bracketed name and version over a paragraph
 * on defences is a product version, placed at its own line and not said to
 * be in a heading; over a paragraph on a new business, or as a sentence, or
 * after its paragraph, it is not. */
static void test_title_line_context(void **state) {
    fx *f = *state;
    kj_document *doc;
    kj_lint_result r = lint_segmented(f,
                                      "Annual Report of Example Holdings\n\n"
                                      "Network Perimeter (ExampleOS 9.4)\n\n" /* line 3 */
                                      "We detect and block intrusions at our gateways.\n",
                                      &doc);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].text, "ExampleOS 9.4");
    assert_int_equal(r.items[0].line, 3);
    assert_int_equal(r.items[0].passage, 1);
    assert_int_equal(r.items[0].col, 20);
    assert_null(r.items[0].heading);
    kj_document_free(doc);
    /* found alone too (its own context): once, not twice */
    r = lint_segmented(f,
                       "Perimeter firewall monitoring (ExampleOS 9.4)\n\n"
                       "We detect and block intrusions at our gateways.\n",
                       &doc);
    assert_int_equal(r.n, 1);
    kj_document_free(doc);
    static const char *const none[] = {
        "Network Perimeter (ExampleOS 9.4)\n\nWe opened two new stores this year.\n",
        "Network perimeter (ExampleOS 9.4) is shown below.\n\n"
        "We detect and block intrusions at our gateways.\n",
        "We detect and block intrusions at our gateways.\n\n"
        "Network Perimeter (ExampleOS 9.4)\n",
        "境界ネットワークの構成（ExampleOS 9.4）です\n\n外部からの侵入を検知しています。\n",
    };
    for (size_t k = 0; k < sizeof none / sizeof *none; k++) {
        r = lint_segmented(f, none[k], &doc);
        if (r.n) fail_msg("\"%s\" in: %s", r.items[0].text, none[k]);
        kj_document_free(doc);
    }
}

/* A long heading's findings carry its first 200 characters, not the whole:
 * each finding in it carries it, and the JSON of a heading of thousands
 * of addresses grew with the square of its length. */
static void test_long_heading_cut(void **state) {
    fx *f = *state;
    kj_buf h = KJ_BUF_INIT;
    assert_int_equal(kj_buf_puts(&h, "■ 予備網"), KJ_OK);
    for (int i = 0; i < 60; i++)
        assert_int_equal(kj_buf_printf(&h, " 10.9.%d.0/24", i), KJ_OK);
    kj_heading hd = {.text = h.data, .len = h.len, .lang = KJ_LANG_JA, .line = 3};
    kj_passages ps = {.headings = &hd, .n_headings = 1};
    kj_lint_result r;
    kj_error err = {0};
    assert_int_equal(kj_lint_passages(f->l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, f->ar, &r, &err),
                     KJ_OK);
    assert_int_equal(r.n, 60);
    const char *cut = r.items[0].heading;
    assert_int_equal(kj_utf8_count(cut, strlen(cut)), 201); /* and the ellipsis */
    assert_int_equal(strncmp(cut, h.data, strlen(cut) - strlen("…")), 0);
    assert_string_equal(cut + strlen(cut) - strlen("…"), "…");
    assert_string_equal(r.items[59].heading, cut);
    assert_string_equal(r.items[59].text, "10.9.59.0/24");
    kj_buf_free(&h);
}

/* ---- passage by passage (kj_lint_begin / passage / end) ---------------- */

static void assert_same_lint(const kj_lint_result *x, const kj_lint_result *y) {
    assert_int_equal(x->n, y->n);
    assert_memory_equal(x->by_severity, y->by_severity, sizeof x->by_severity);
    for (size_t i = 0; i < x->n; i++) {
        const kj_lint_finding *f = &x->items[i], *g = &y->items[i];
        assert_string_equal(f->rule, g->rule);
        assert_int_equal(f->severity, g->severity);
        assert_int_equal(f->base, g->base);
        assert_int_equal(f->passage, g->passage);
        kj_test_same_str(f->heading, g->heading);
        assert_int_equal(f->heading_index, g->heading_index);
        assert_int_equal(f->start, g->start);
        assert_int_equal(f->end, g->end);
        kj_test_same_str(f->text, g->text);
        assert_int_equal(f->item, g->item);
        assert_int_equal(f->page, g->page);
        kj_test_same_str(f->section, g->section);
        assert_int_equal(f->line, g->line);
        assert_int_equal(f->para, g->para);
        assert_int_equal(f->col, g->col);
        kj_test_same_str(f->message, g->message);
        kj_test_same_str(f->why, g->why);
        kj_test_same_str(f->how, g->how);
    }
}

/* A lexicon of "sensitive" terms whose note is a rule, with a scanner. */
static void sensitive_lexicon(kj_test_analyzer *t) {
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kj-lint-lex");
    kj_test_write_file(dir, "lexicon/s.tsv",
                       "Mandiant\tany\t0\t-\tsensitive\t1.0\tnamed-defence-vendor\n"
                       "ホシゾラ監視\tja\t0\t-\tsensitive\t1.0\tnamed-defence-vendor\n");
    kj_test_analyzer_load(t, dir, 0);
    kj_test_rmtree(dir);
}

#define NLP 6

/* Passages with details on several pages, sections and lines, some
 * classified into the sensitive items, with lexicon matches. */
static void lint_doc(fx *f, kj_scanner *sc, kj_passage *p, kj_classification *c, kj_matches *m) {
    static const char *const t[NLP] = {
        "UTM は Sophos Intercept X 2023.1 を使っています。管理網は 172.20.0.0/14 です。",
        "当社は情報セキュリティ委員会を設けています。",
        "Mail relays run on mx-tokyo-03 behind the gateway; we patched CVE-2021-44228.",
        "SOC 業務は Mandiant とホシゾラ監視に委託して監視しています。",
        "Our PSIRT takes reports at psirt@example.com about security issues.",
        "バックアップテープは毎週金曜日の18時に回収します。"};
    static const int item[NLP] = {5, 0, 7, 2, 7, 8}, page[NLP] = {1, 1, 2, 2, 0, 0},
                     line[NLP] = {0, 0, 0, 0, 0, 40};
    for (size_t i = 0; i < NLP; i++) {
        kj_test_passage(f->ar, sc, t[i], KJ_LANG_AUTO, &p[i], &m[i]);
        p[i].index = i;
        p[i].page = page[i];
        p[i].line = line[i];
        p[i].section = i == 4 ? "0102010" : NULL;
        memset(&c[i], 0, sizeof c[i]);
        if (item[i]) c[i].items[c[i].n_items++] = (signed char)item[i];
        c[i].primary = item[i];
    }
}

/* Lint ps a passage at a time, each with its normalised text only during
 * its own call. */
static kj_lint_result lint_streamed(fx *f, kj_passages *ps, const kj_classification *c,
                                    const kj_matches *m, const kj_lexicon *lex, kj_severity min) {
    kj_norm saved[NLP];
    for (size_t i = 0; i < ps->n; i++) {
        saved[i] = ps->items[i].norm;
        memset(&ps->items[i].norm, 0, sizeof ps->items[i].norm);
    }
    kj_lint_run *r;
    kj_error err = {0};
    assert_int_equal(kj_lint_begin(f->l, lex, min, f->ar, &r, &err), KJ_OK);
    for (size_t i = 0; i < ps->n; i++) {
        ps->items[i].norm = saved[i];
        assert_int_equal(kj_lint_passage(r, ps, i, &c[i], &m[i], &err), KJ_OK);
        memset(&ps->items[i].norm, 0, sizeof ps->items[i].norm);
    }
    kj_lint_result out;
    assert_int_equal(kj_lint_end(r, ps, &out, &err), KJ_OK);
    for (size_t i = 0; i < ps->n; i++)
        ps->items[i].norm = saved[i];
    return out;
}

static void test_lint_by_passage(void **state) {
    fx *f = *state;
    kj_test_analyzer t;
    sensitive_lexicon(&t);
    const kj_lexicon *lex = t.a.lex;
    kj_error err = {0};
    kj_passage p[NLP];
    kj_classification c[NLP];
    kj_matches m[NLP];
    lint_doc(f, t.sc, p, c, m);
    /* a heading over passage 2 (its context: "gateway"), one after the last */
    static const char h0[] = "■ 境界（ExampleGuard 9.2）", h1[] = "■ 予備網 10.9.9.0/24";
    kj_heading h[2] = {
        {.text = h0, .len = sizeof h0 - 1, .lang = KJ_LANG_JA, .page = 2, .before = 2},
        {.text = h1, .len = sizeof h1 - 1, .lang = KJ_LANG_JA, .line = 50, .before = NLP}};
    kj_passages ps = {.items = p, .n = NLP, .headings = h, .n_headings = 2};
    size_t n_note = 0;
    for (kj_severity min = KJ_SEV_NOTE; min <= KJ_SEV_ERROR; min++) {
        kj_lint_result whole;
        assert_int_equal(kj_lint_passages(f->l, &ps, c, m, lex, min, f->ar, &whole, &err), KJ_OK);
        kj_lint_result streamed = lint_streamed(f, &ps, c, m, lex, min);
        assert_same_lint(&streamed, &whole);
        if (min == KJ_SEV_NOTE)
            n_note = whole.n;
        else
            assert_true(whole.n < n_note);
    }
    /* findings in five passages, the lexicon's among them */
    assert_true(n_note >= 7);
    kj_lint_result whole;
    assert_int_equal(kj_lint_passages(f->l, &ps, c, m, lex, KJ_SEV_NOTE, f->ar, &whole, &err),
                     KJ_OK);
    assert_true(has(&whole, "named-defence-vendor", "ホシゾラ監視"));
    assert_true(has(&whole, "product-version", "ExampleGuard 9.2"));
    assert_true(has(&whole, "ip-address", "10.9.9.0/24"));
    /* a passage out of order is refused */
    kj_lint_run *r;
    assert_int_equal(kj_lint_begin(f->l, lex, KJ_SEV_NOTE, f->ar, &r, &err), KJ_OK);
    assert_int_equal(kj_lint_passage(r, &ps, 1, &c[1], &m[1], &err), KJ_ERR_ARG);
    kj_lint_run_free(r);
    kj_test_analyzer_free(&t);
}

static kj_status lint_visit(void *ud, const kj_doc_analysis *a, size_t i, const kj_matches *mt,
                            kj_arena *scratch, kj_error *err) {
    (void)scratch;
    return kj_lint_passage(ud, &a->passages, i, &a->cls[i], mt, err);
}

/* Linting inside kj_analyze_document_each's visitor gives what
 * kj_lint_analysis gives after kj_analyze_document. */
static void test_lint_in_analysis(void **state) {
    fx *f = *state;
    const char *text = "■ 防御（ExampleGuard 9.2）\n\nUTM は Sophos Intercept X 2023.1 "
                       "を使い、管理網は 172.20.0.0/14 "
                       "です。\n\n当社は情報セキュリティ委員会を設けています。\n\n"
                       "Mail relays run on mx-tokyo-03; we patched CVE-2021-44228.\n\n"
                       "土日は誰も監視しておらず、月曜朝に確認します。\n\n"
                       "バックアップテープは毎週金曜日の18時に回収します。\n\n"
                       "Network Perimeter (ExampleOS 9.4)\n\n"
                       "We detect and block intrusions at our gateways.\n\n"
                       "■ 予備網 10.9.9.0/24\n";
    kj_test_analyzer t;
    kj_test_analyzer_load(&t, NULL, 1);
    kj_test_pair d;
    kj_test_pair_begin(&d, &t, "a.txt", text, NULL);
    kj_lint_result whole, each;
    kj_error err = {0};
    assert_int_equal(
        kj_lint_analysis(f->l, &d.whole, t.a.lex, KJ_SEV_NOTE, d.doc[0]->arena, &whole, &err),
        KJ_OK);
    kj_lint_run *r;
    assert_int_equal(kj_lint_begin(f->l, t.a.lex, KJ_SEV_NOTE, d.doc[1]->arena, &r, &err), KJ_OK);
    if (kj_test_pair_each(&d, lint_visit, r, &err) != KJ_OK) fail_msg("%s", err.msg);
    assert_int_equal(kj_lint_end(r, &d.each.passages, &each, &err), KJ_OK);
    assert_same_lint(&each, &whole);
    assert_true(whole.n >= 8);
    assert_true(has(&whole, "product-version", "ExampleGuard 9.2"));
    assert_true(has(&whole, "ip-address", "10.9.9.0/24"));
    assert_true(has(&whole, "product-version", "ExampleOS 9.4")); /* a title line's context */
    kj_test_pair_free(&d);
    kj_test_analyzer_free(&t);
}

/* A lint data directory of three rules whose patterns: slow's backtrack
 * without end on a long word (two of them), ctx's context does, ip's finds
 * an address. */
static void write_slow_rules(const char *dir) {
    kj_test_write_file(dir, "rules.tsv",
                       "slow\twarning\t遅い規則\tSlow rule\t理由\tWhy\t方法\tHow\n"
                       "ctx\twarning\t文脈\tContext\t理由\tWhy\t方法\tHow\n"
                       "ip\terror\tアドレス\tAddress\t理由\tWhy\t方法\tHow\n");
    kj_test_write_file(dir, "products.tsv", "ExampleGuard\tproduct\n");
    kj_test_write_file(dir, "patterns.tsv",
                       "slow\t-\t(?:[a-z]+[a-z]+)+[0-9]\t-\tnested quantifiers\n"
                       "slow\t-\t(?:[a-z]+ ?[a-z]+)+!\t-\tnested quantifiers again\n"
                       "ctx\t-\tcve-\\d+\t(?:[a-z]+[a-z]+)+[0-9]\ta context that gives up\n"
                       "ip\t-\t\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b\t-\taddress\n");
}

/* A lint file of no entries, emptied or cut short to its header comments,
 * is refused naming it: an empty products.tsv loaded, and the patterns
 * naming {products} found none; an empty rules.tsv was named only through
 * the first pattern's rule. */
static void test_empty_file(void **state) {
    (void)state;
    static const char *const names[] = {"rules.tsv", "products.tsv", "patterns.tsv"};
    static const char *const bodies[] = {"", "# a header comment\n\n"};
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kaiji-lint-empty-");
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
            write_slow_rules(dir);
            kj_test_write_file(dir, names[k], bodies[b]);
            kj_linter *l = NULL;
            kj_error err = {0};
            assert_int_equal(kj_linter_load(dir, &l, &err), KJ_ERR_DATA);
            assert_null(l);
            char want[64];
            snprintf(want, sizeof want, "%s: no entries", names[k]);
            if (!strstr(err.msg, want)) fail_msg("%s: %s", names[k], err.msg);
        }
    write_slow_rules(dir);
    kj_linter *l = NULL;
    kj_error err = {0};
    assert_int_equal(kj_linter_load(dir, &l, &err), KJ_OK); /* whole again */
    kj_linter_free(l);
    kj_test_rmtree(dir);
}

#define LONG_WORD "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"

/* A pattern (or its context) that reaches PCRE2's match limit on a text is
 * recorded, once per rule and text, with the text's place and a message in
 * its language; findings in that text and others are kept; a text on which
 * every search finished has none. */
static void test_incomplete(void **state) {
    fx *f = *state;
    char dir[64];
    kj_test_tmpdir(dir, sizeof dir, "kaiji-lint-slow-");
    write_slow_rules(dir);
    kj_linter *l;
    kj_error err = {0};
    if (kj_linter_load(dir, &l, &err) != KJ_OK) fail_msg("%s", err.msg);
    static const char *const texts[] = {"The host at 192.0.2.1 logged " LONG_WORD " and cve-42.",
                                        "The host at 192.0.2.2 is up.",
                                        "記録 " LONG_WORD " が 192.0.2.3 に残っていました。"};
    kj_passage p[3];
    for (int i = 0; i < 3; i++)
        kj_test_passage(f->ar, NULL, texts[i], KJ_LANG_AUTO, &p[i], NULL);
    p[2].page = 4; /* placed as findings are */
    static const char h0[] = "Log " LONG_WORD;
    kj_heading h = {.text = h0, .len = sizeof h0 - 1, .lang = KJ_LANG_EN, .line = 9, .before = 1};
    kj_passages ps = {.items = p, .n = 3, .headings = &h, .n_headings = 1};
    kj_lint_result r;
    assert_int_equal(kj_lint_passages(l, &ps, NULL, NULL, NULL, KJ_SEV_NOTE, f->ar, &r, &err),
                     KJ_OK);
    /* every address is found, in the texts where slow gave up too; ctx's
     * pattern does not run when its context gave up */
    assert_int_equal(r.n, 3);
    assert_true(has(&r, "ip", "192.0.2.1") && has(&r, "ip", "192.0.2.3"));
    assert_false(has(&r, "ctx", NULL));
    /* slow on passage 0 (once, though both its patterns gave up there), ctx
     * there, slow on the heading before passage 1 and on passage 2 */
    assert_int_equal(r.n_incomplete, 4);
    const kj_lint_incomplete *g = r.incomplete;
    static const char *const rule[] = {"slow", "ctx", "slow", "slow"};
    static const size_t passage[] = {0, 0, 1, 2};
    for (size_t i = 0; i < r.n_incomplete; i++) {
        assert_string_equal(g[i].rule, rule[i]);
        assert_int_equal(g[i].passage, passage[i]);
        assert_int_equal(g[i].reason, KJ_LINT_TOO_COMPLEX);
        assert_true(g[i].code < 0);
    }
    assert_null(g[0].heading);
    assert_string_equal(g[0].message,
                        "the text is too complex for this check; findings of slow here may be "
                        "incomplete");
    assert_string_equal(g[2].heading, h0);
    assert_int_equal(g[2].line, 9);
    assert_non_null(strstr(g[2].message, "may be incomplete (in a heading)"));
    assert_int_equal(g[3].page, 4);
    assert_string_equal(g[3].message, "文が複雑すぎてこの検査を終えられませんでした。ここでの "
                                      "slow の指摘は漏れている可能性があります");
    char loc[64];
    kj_lint_incomplete_location(&g[3], loc, sizeof loc);
    assert_string_equal(loc, "p4:1"); /* its page's first paragraph */
    assert_string_equal(kj_lint_reason_name(g[0].reason), "too-complex");
    /* JSON: one object each */
    kj_buf b = KJ_BUF_INIT;
    int first = 1;
    assert_int_equal(kj_lint_append_incomplete_json(&r, "a.txt", &b, &first), KJ_OK);
    assert_non_null(strstr(b.data, "{\"file\":\"a.txt\",\"loc\":\"1:1\",\"rule\":\"slow\","
                                   "\"reason\":\"too-complex\",\"passage\":0,\"heading\":null"));
    kj_buf_free(&b);
    /* text: among the findings, after those of their own text */
    char *out = NULL;
    size_t outn = 0;
    FILE *mem = open_memstream(&out, &outn);
    kj_lint_print_text(&r, "a.txt", mem);
    fclose(mem);
    const char *gap0 = strstr(out, "a.txt:1:1: incomplete[slow]: the text is too complex");
    const char *ip1 = strstr(out, "192.0.2.1"), *ip3 = strstr(out, "192.0.2.3");
    assert_true(gap0 && ip1 && ip3 && ip1 < gap0 && gap0 < ip3);
    free(out);
    /* a passage on which every search finished */
    kj_passages one = {.items = &p[1], .n = 1};
    assert_int_equal(kj_lint_passages(l, &one, NULL, NULL, NULL, KJ_SEV_NOTE, f->ar, &r, &err),
                     KJ_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.n_incomplete, 0);
    assert_null(r.incomplete);
    kj_linter_free(l);
    kj_test_rmtree(dir);
}

/* The shipped patterns finish on every passage of the tests' own texts. */
static void test_shipped_patterns_finish(void **state) {
    kj_lint_result r = lint_text(*state,
                                 "当社のファイアウォール（ExampleOS 9.2、ExampleDB 12.1）の "
                                 "srv-web01 は 10.0.0.9 にあり、" LONG_WORD " を記録します。",
                                 NULL);
    assert_true(r.n >= 2);
    assert_int_equal(r.n_incomplete, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_fire),
        cmocka_unit_test(test_lookalikes_quiet),
        cmocka_unit_test(test_bracketed_version),
        cmocka_unit_test(test_product_version_shapes),
        cmocka_unit_test(test_monitoring_gap_negations),
        cmocka_unit_test(test_monitoring_gap_wordings),
        cmocka_unit_test(test_severity_raised_by_item),
        cmocka_unit_test(test_internal_host_whole_name),
        cmocka_unit_test(test_location_and_json),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_heading_lint),
        cmocka_unit_test(test_heading_context),
        cmocka_unit_test(test_lone_line_lint),
        cmocka_unit_test(test_long_heading_cut),
        cmocka_unit_test(test_title_line_context),
        cmocka_unit_test(test_lint_by_passage),
        cmocka_unit_test(test_lint_in_analysis),
        cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_shipped_patterns_finish),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
