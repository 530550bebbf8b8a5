/*
 * test_topic.c - unit tests of the topic rule with the shipped lexicon and
 * model: a passage is about cybersecurity only when it, or the heading it
 * sits under, names the topic with a cyber lexicon term. Measure and risk
 * wording alone (drills, response procedures, continuity plans) gets no
 * item, alone or under an unrelated heading; the same wording under a
 * security heading, or with a topic term of its own, does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kaiji/classify.h"
#include "kaiji/match.h"
#include "helpers.h"

/* Generic incident-response wording: no cyber lexicon term in it. */
#define KJ_TEST_DRILL                                                                              \
    "事故が発生した場合の初動対応と報告の手順を定め、年1回、全社で対応訓練を実施しています。"

static int setup(void **state) {
    static kj_test_analyzer t;
    kj_test_analyzer_load(&t, NULL, 1);
    *state = &t;
    return 0;
}

static int teardown(void **state) {
    kj_test_analyzer_free(*state);
    return 0;
}

/* The classification of text as one lone passage. */
static kj_classification classify(const kj_test_analyzer *t, const char *text, kj_arena *a) {
    kj_classification c;
    kj_test_classify(t, a, text, &c);
    return c;
}

/* The primary item of the last passage of a document analysed whole. */
static int last_primary(const kj_test_analyzer *t, const char *text) {
    kj_doc_analysis r;
    kj_document *doc = kj_test_analyze(t, "doc.txt", text, NULL, &r);
    assert_true(r.passages.n >= 1);
    const kj_classification *c = &r.cls[r.passages.n - 1];
    assert_true(c->n_items > 0 || c->primary == 0);
    int primary = c->primary;
    kj_document_free(doc);
    return primary;
}

static void test_topic_terms(void **state) {
    const kj_test_analyzer *t = *state;
    size_t n = kj_lexicon_size(t->a.lex), topic = 0, weak = 0;
    for (unsigned id = 0; id < n; id++) {
        const kj_term *term = kj_lexicon_term(t->a.lex, id);
        if (kj_term_is_topic(term)) topic++;
        if (strcmp(term->category, "cyber") == 0 && !kj_term_is_topic(term)) weak++;
        if (kj_term_is_topic(term)) assert_true(term->weight >= KJ_TOPIC_MIN_WEIGHT);
    }
    assert_true(topic > 100); /* the cyber lexicon */
    assert_true(weak > 0);    /* "認証", "networks": too common outside the topic */
    assert_int_equal(kj_term_is_topic(NULL), 0);
}

static void test_lone_passage_needs_a_topic_term(void **state) {
    const kj_test_analyzer *t = *state;
    kj_arena *a = kj_arena_new();
    kj_classification c = classify(t, KJ_TEST_DRILL, a);
    assert_int_equal(c.primary, 0);
    assert_int_equal(c.n_items, 0);
    assert_int_equal(c.n_elements, 0);
    /* not scored at all: every score is 0 */
    float sum = c.relevance;
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        sum += c.scores[it];
    assert_true(sum == 0.0f);
    assert_int_equal(c.mentioned, 0);
    c = classify(t, "情報セキュリティ" KJ_TEST_DRILL, a);
    assert_int_not_equal(c.primary, 0);
    assert_true(c.relevance > 0.0f && c.scores[7] > 0.0f);
    c = classify(t,
                 "We maintain business continuity plans for our plants and run evacuation drills "
                 "at every site each year.",
                 a);
    assert_int_equal(c.primary, 0);
    kj_arena_free(a);
}

static void test_heading_gives_the_topic(void **state) {
    const kj_test_analyzer *t = *state;
    assert_int_not_equal(last_primary(t, "■ 情報セキュリティへの対応\n\n" KJ_TEST_DRILL "\n"), 0);
    assert_int_equal(last_primary(t, "■ 自然災害への対応\n\n" KJ_TEST_DRILL "\n"), 0);
    assert_int_equal(last_primary(t, KJ_TEST_DRILL "\n"), 0);
    /* a topic term in the passage itself needs no heading */
    assert_int_not_equal(
        last_primary(t, "■ 自然災害への対応\n\n情報セキュリティ" KJ_TEST_DRILL "\n"), 0);
}

/* Under a heading that names another subject (a disaster or compliance risk,
 * R&D), a passage that names the topic only with a word of several senses
 * mentions it in passing and gets no item; one with a sure term, or the same
 * passage under a heading that names the topic, does. */
static void test_unrelated_heading(void **state) {
    const kj_test_analyzer *t = *state;
#define KJ_TEST_LEAK                                                                                                                             \
    "当社グループは、顧客データの漏洩を防ぐため、アクセス権限を管理し、従業員への教育を行っており" \
    "ます。\n"
    assert_int_equal(last_primary(t, "（8）自然災害に関するリスク\n\n" KJ_TEST_LEAK), 0);
    assert_int_equal(last_primary(t, "(3) Litigation and Legal Proceedings\n\n" KJ_TEST_LEAK), 0);
    assert_int_not_equal(last_primary(t, "（9）情報漏洩に関するリスク\n\n" KJ_TEST_LEAK), 0);
    assert_int_not_equal(last_primary(t, KJ_TEST_LEAK), 0);
    assert_int_not_equal(
        last_primary(
            t, "（8）自然災害に関するリスク\n\n当社グループでは、ランサムウェアの被害を防ぐため、"
               "全従業員に訓練を行っております。\n"),
        0);
    /* an IT outage is on the topic even under a disaster's heading */
    assert_int_not_equal(
        last_primary(
            t, "（8）自然災害に関するリスク\n\n大規模な地震により情報システムが停止した場合、"
               "業務の継続に支障が生じ、当社グループの業績に影響を及ぼす可能性があります。\n"),
        0);
#undef KJ_TEST_LEAK
    /* the levels: a sure term, a word of several senses, none */
    kj_arena *a = kj_arena_new();
    kj_passage p;
    kj_matches mt;
    kj_test_passage(a, t->sc, "ランサムウェアの被害に備えています。", KJ_LANG_AUTO, &p, &mt);
    assert_int_equal(kj_matches_have_topic(t->a.lex, &p, &mt, NULL), KJ_TOPIC_SURE);
    kj_test_passage(a, t->sc, "顧客データの漏洩を防いでいます。", KJ_LANG_AUTO, &p, &mt);
    assert_int_equal(kj_matches_have_topic(t->a.lex, &p, &mt, NULL), KJ_TOPIC_NAMED);
    /* which matches named it: a light term and an asset term together */
    kj_topic_terms why;
    kj_test_passage(a, t->sc, "クラウド上の顧客データが流出するおそれがあります。", KJ_LANG_AUTO,
                    &p, &mt);
    assert_int_equal(kj_matches_have_topic(t->a.lex, &p, &mt, &why), KJ_TOPIC_NAMED);
    assert_int_equal(why.n, 2);
    assert_int_equal(mt.items[why.match[0]].start, 0);  /* クラウド */
    assert_int_equal(mt.items[why.match[1]].start, 12); /* 流出 */
    kj_test_passage(a, t->sc, "（8）自然災害に関するリスク", KJ_LANG_AUTO, &p, &mt);
    assert_int_equal(kj_matches_have_topic(t->a.lex, &p, &mt, NULL), 0);
    assert_true(kj_matches_name_unrelated(t->a.lex, &mt));
    kj_arena_free(a);
}

/* A text and whether it names the topic (kj_matches_have_topic). */
typedef struct {
    const char *text;
    int topic;
} topic_case;

static void check_topics(const kj_test_analyzer *t, const topic_case *cases, size_t n) {
    kj_arena *a = kj_arena_new();
    for (size_t i = 0; i < n; i++) {
        kj_passage p;
        kj_matches mt;
        kj_test_passage(a, t->sc, cases[i].text, KJ_LANG_AUTO, &p, &mt);
        if ((kj_matches_have_topic(t->a.lex, &p, &mt, NULL) != 0) != cases[i].topic)
            fail_msg("topic of \"%s\" should be %d", cases[i].text, cases[i].topic);
    }
    kj_arena_free(a);
}

/* A topic word inside an offtopic phrase (a virus that is a disease, the name
 * of the personal-information law, a bare entry of a list of laws) does not
 * name the topic; the same word on its own, or a stronger term beside the
 * phrase, does. */
static void test_offtopic_phrases(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"新型コロナウイルス感染症の拡大に備え、在宅勤務の体制を整えました。", 0},
        {"コンピュータウイルスの感染に備え、端末を監視しています。", 1},
        {"新型コロナウイルスの流行下で、在宅勤務者を狙ったサイバー攻撃が増えています。", 1},
        {"当社は会社法、独占禁止法、個人情報保護法など多くの法令の適用を受けます。", 0},
        {"個人情報保護法の改正を受け、個人情報の管理体制を見直しました。", 1},
        {"We rely on our sales networks and food security programs.", 0},
        /* a bare entry of a list of laws or themes is a passing mention (regex) */
        {"当社は、労働、個人情報保護、輸出管理、環境など各国の法規制の適用を受けます。", 0},
        {"重点課題は、人材育成・プライバシー・地域貢献の3つです。", 0},
        {"当社は、情報セキュリティ、個人情報保護、内部統制の研修を行っています。", 1},
        {"当社は個人情報保護のため、アクセス権限を定期的に見直しています。", 1},
        /* security as what the company sells or researches, not how it protects itself */
        {"セキュリティ事業の売上高は前年比12%増となりました。", 0},
        {"情報セキュリティ市場の拡大を受け、監視サービスの販売を伸ばしました。", 0},
        {"研究所では、工場向けのサイバーセキュリティ技術の開発を進めています。", 0},
        {"在宅勤務の広がりを受け、セキュリティを強化した複合機の販売に注力しました。", 0},
        {"テレワーク用に、セキュリティを強化した端末を全社員に配りました。", 1},
        {"当社のカメラは、セキュリティ用途のほか店舗の来客分析にも使われています。", 0},
        {"セキュリティ事業で得た知見を、自社の情報セキュリティ対策にも活かしています。", 1},
        {"Revenue of our cybersecurity business grew 9% on demand for managed detection.", 0},
        {"We sell into the security market through distributors in Europe and Asia.", 0},
        {"Our security business shares a SOC with the teams that protect our own networks "
         "against ransomware.",
         1},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* A bare word for security (セキュリティ, "security") beside a word of
 * physical security or safety (防犯カメラ, 警備, patrols) is the security of
 * stations or premises and names nothing; beside an IT asset it is the
 * physical protection of IT, and another topic term names the topic anyway. */
static void test_physical_security(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"駅のセキュリティ向上のため、防犯カメラを増設し、警備員の配置を見直しました。", 0},
        {"駅のセキュリティ向上のため、改札口の案内表示を見直しました。", 1},
        {"サーバー室のセキュリティを保つため、監視カメラで入室者を記録しています。", 1},
        {"防犯カメラの映像を狙った不正アクセスを防ぐため、通信を暗号化しています。", 1},
        {"Our security staff patrol the terminals and rail yards around the clock.", 0},
        {"Our security staff review access to the terminals' booking systems.", 1},
        {"Guards patrol our data centers, and security badges control every door.", 1},
        {"Cameras cover every terminal, and we protect our networks against ransomware.", 1},
        /* "security incidents" is such a word too */
        {"Fences and patrols keep trespassing and other security incidents at our depots rare.", 0},
        {"We had no security incidents that affected customer data this year.", 1},
        /* cameras linked up into a network are no IT asset to protect */
        {"駅の防犯カメラをネットワーク化し、ホームのセキュリティを高めました。", 0},
        {"会場では危険物の持ち込みを検査し、来場者のセキュリティを確保します。", 0},
        /* building equipment: entry control, fire alarms */
        {"新しい街区には、出入管理や消火システムを含むセキュリティ設備を整えます。", 0},
        {"The towers have fire alarms, sprinklers and security systems on every floor.", 0},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
    /* a heading that names the topic only with a bare word for security:
     * about it, unless the passage under it speaks of physical security */
#define KJ_TEST_GUARDS "駅構内の防犯カメラを増設し、映像を指令所で常時監視しています。\n"
    assert_int_equal(last_primary(t, "■ 安全・セキュリティ\n\n" KJ_TEST_GUARDS), 0);
    assert_int_not_equal(last_primary(t, "■ 情報セキュリティ\n\n" KJ_TEST_GUARDS), 0);
    assert_int_not_equal(last_primary(t, "■ 安全・セキュリティ\n\n" KJ_TEST_DRILL "\n"), 0);
#undef KJ_TEST_GUARDS
}

/* A word of the item vocabulary that only this field uses (category named:
 * privileged IDs, secure coding, administrator rights) names the topic on its
 * own, as a bullet of measures does; a word of the same measures with other
 * senses (訓練, 監査, 冗長化) does not. */
static void test_named_measures(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"特権IDの貸与は、申請と上長の承認を経て記録しています。", 1},
        {"全社員を対象に、疑似メール訓練を年2回行っています。", 1},
        {"We removed administrator rights from employee laptops.", 1},
        {"New code is reviewed against our secure coding standard.", 1},
        {"全社員を対象に、避難訓練を年2回行っています。", 0},
        {"We reviewed the code of conduct with every employee.", 0},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* A light topic term (流出, 脅威, ウイルス, クラウド, "IT systems": everyday senses
 * too) names the topic only beside a second, different one in the same
 * sentence, and two terms that name IT assets (クラウド, データセンター,
 * 情報システム) are not enough; a term of weight KJ_TOPIC_STRONG_WEIGHT or more
 * (an outage of IT systems among them) names it alone. */
static void test_light_terms_need_company(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"技術やノウハウが社外に流出する可能性があります。", 0},
        {"新たな競合他社の出現が脅威となる可能性があります。", 0},
        {"クラウドサービス市場の成長が想定を下回る可能性があります。", 0},
        {"We upgraded our IT systems to support the growth of online orders.", 0},
        {"クラウドサービスの需要に応え、新しいデータセンターを開設しました。", 0},
        {"基幹の情報システムをクラウドへ移行しました。", 0},
        {"We moved our information systems and other IT systems to a new data center.", 0},
        {"情報システムへの脅威は年々高度化しています。", 1},
        {"ホームセキュリティの契約件数が伸びました。", 0},
        {"株式会社アサヒセキュリティの売上が伸びました。", 0},
        {"セキュリティ事故の報告手順を定めています。", 1},
        {"社内ネットワークのセキュリティを強化しました。", 1},
        {"クラウド上に保管した顧客情報が流出するおそれがあります。", 1},
        {"大規模なシステム障害が発生した場合、決済が滞るおそれがあります。", 1},
        {"長期にわたる情報システムの停止は、受注や出荷を妨げます。", 1},
        {"An interruption of our information systems could disrupt our operations.", 1},
        /* two light terms name it together only within one sentence */
        {"海外の競合の台頭が脅威です。一方、クラウドの普及で需要が伸びています。", 0},
        {"Rivals remain a threat. | Demand for our cloud offerings grew.", 0},
        /* an abbreviation's full stop ends no sentence */
        {"Our rules on privacy cover data (e.g. the confidential information we hold).", 1},
        {"Our privacy rules cover Sample Inc. and the confidential information it holds.", 1},
        {"Our rules on privacy. The confidential information we hold.", 0},
        {"クラウド上の顧客情報への脅威が高まっています。", 1},
        /* a bare virus is light: medicine has them too */
        {"治療用ウイルスを用いた新薬の研究を進めています。", 0},
        {"ウイルスに感染した端末の情報が流出するおそれがあります。", 1},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* The name of a security technology, certification, standard or body
 * that exists only in this field names the topic on its own; a name with
 * an everyday sense as well (MDR, BCP) does not. */
static void test_field_names_name_the_topic(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"JPCERT/CCと連携しています。", 1},
        {"全端末にEDRを導入しています。", 1},
        {"主要な拠点でISO/IEC 27001の認証を取得しています。", 1},
        {"We are certified to PCI DSS.", 1},
        {"Our analysts hold CISSP credentials.", 1},
        {"欧州のMDRへの対応を進めています。", 0},
        {"BCPを策定しています。", 0},
        {"We comply with ISO 9001.", 0},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* Backups of data and systems, and recovering IT systems or keeping them
 * running, are IT resilience (item 8) and name the topic; a spare plant or a stand-in supplier does
 * not. A data-protection law names the topic too; a list of laws without one does not. */
static void test_backups_and_data_laws(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"重要なデータは毎日バックアップしています。", 1},
        {"We back up critical data daily and test restoring it.", 1},
        {"Server backups are kept offline.", 1},
        {"第二工場をバックアップ拠点として生産を継続します。", 0},
        {"We keep a backup supplier for each key component.", 0},
        /* recovering IT systems or keeping them running: the same convention */
        {"Our disaster recovery plan covers the payroll platform.", 1},
        {"The billing service can fail over to a second region.", 1},
        {"Customer records are backed up every night.", 1},
        {"Ledgers can be restored from backups within hours.", 1},
        {"会計システムの冗長化を進めています。", 1},
        {"関西にバックアップセンターを設けています。", 1},
        {"障害時はシステムの復旧を最優先とします。", 1},
        {"A backup generator serves each warehouse.", 0},
        {"工場の生産ラインを二重化しています。", 0},
        {"Our European operations are subject to the GDPR.", 1},
        {"We are subject to antitrust, export control and labour laws.", 0},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* A topic word that is one entry of a list of other subjects (risks,
 * causes of a stoppage, laws) is a passing mention (kj_matches_listed); a
 * list of security measures, a short list, or a sentence whose 、 end
 * clauses rather than entries still names the topic. */
static void test_listed_entries(void **state) {
    const kj_test_analyzer *t = *state;
    static const topic_case cases[] = {
        {"当行は、信用リスク、市場リスク、流動性リスク、事務リスク、情報セキュリティリスク、"
         "法務リスク等を管理しています。",
         0},
        {"地震、台風、洪水、感染症の流行、サイバー攻撃、戦争などにより操業が止まる可能性があります"
         "。",
         0},
        {"Our operations could be disrupted by earthquakes, floods, fires, pandemics, "
         "cyberattacks, terrorism or war.",
         0},
        {"当社は、ファイアウォール、通信の暗号化、多要素認証、不正アクセスの監視、"
         "脆弱性診断などの対策を講じています。",
         1},
        {"We use firewalls, encryption, multi-factor authentication, endpoint detection and "
         "security monitoring.",
         1},
        {"We are subject to laws in areas including taxes; import and export requirements and "
         "tariffs; anti-corruption, including the Foreign Corrupt Practices Act; data privacy "
         "requirements; competition and antitrust; employment; and consumer protection.",
         0},
        {"地震、台風、サイバー攻撃による被害に備えています。", 1},
        /* four entries make a list: themes of a plan, causes of harm */
        {"当期は、省エネルギーの推進、女性管理職の登用、セキュリティの強化、配当の増額など、多くの"
         "課"
         "題に取り組みました。",
         0},
        {"Product defects, late deliveries, cybersecurity incidents, or lawsuits could hurt our "
         "brand.",
         0},
        /* English entries run longer than Japanese ones */
        {"We expect that pending lawsuits, workplace safety claims, antitrust inquiries, supplier "
         "contract disputes, cyberattacks, product recalls or other matters will not harm us.",
         0},
        {"Our team of analysts monitors our networks, responds to suspected intrusions, tests "
         "our defenses, trains our staff and reports to the board.",
         1},
        /* 又は / または joins the last entry of a list of alternatives */
        {"地震、台風、洪水、停電、サイバー攻撃又は感染症の流行により、操業が止まる可能性があります"
         "。",
         0},
        {"当社は、ファイアウォール、通信の暗号化、多要素認証、ログの監視または脆弱性診断により、不"
         "正アクセスを防いでいます。",
         1},
        {"当社は、お客様の情報を守るため、情報セキュリティ委員会を設置し、年に一度、外部の監査を"
         "受け、結果を取締役会に報告しています。",
         1},
    };
    check_topics(t, cases, sizeof cases / sizeof *cases);
}

/* Any topic term: what makes an entry topical in test_listed_prefix. */
static int any_topic(const kj_term *term) {
    return kj_term_is_topic(term);
}

/* kj_matches_listed read up to the end of the sentence or clause that
 * holds a match decides that match and every one before it as reading the
 * whole text does, leaves the rest 0, and says how many it decided; the
 * whole text decides them all. Each text has lists (and a list of
 * measures) in sentences after the first, and marks that end a clause. */
static void test_listed_prefix(void **state) {
    const kj_test_analyzer *t = *state;
    static const char *texts[] = {
        "当社は情報セキュリティ委員会を設けています。当行は、信用リスク、市場リスク、流動性リスク、"
        "事務リスク、情報セキュリティリスク、法務リスク等を管理しています。また、ファイアウォール、"
        "暗号化、多要素認証、脆弱性診断などの対策を講じています（詳細は「リスク」をご覧ください）。"
        "地震、台風、洪水、停電、サイバー攻撃又は感染症の流行により操業が止まる可能性があります。",
        "We monitor our networks for intrusions. Our operations could be disrupted by earthquakes, "
        "floods, fires, pandemics, cyberattacks, terrorism or war. We use firewalls, encryption, "
        "multi-factor authentication; endpoint detection; and security monitoring! Ransomware "
        "remains a risk.",
    };
    for (size_t x = 0; x < sizeof texts / sizeof *texts; x++) {
        kj_arena *a = kj_arena_new();
        kj_passage p;
        kj_matches mt;
        kj_test_passage(a, t->sc, texts[x], KJ_LANG_AUTO, &p, &mt);
        assert_true(mt.n >= 8);
        unsigned char *whole = kj_arena_alloc(a, mt.n), *part = kj_arena_alloc(a, mt.n);
        assert_int_equal(
            kj_matches_listed(p.norm.text, p.norm.len, t->a.lex, &mt, any_topic, p.norm.len, whole),
            (long)mt.n);
        size_t n_listed = 0;
        for (size_t j = 0; j < mt.n; j++)
            n_listed += whole[j];
        assert_true(n_listed > 0 && n_listed < mt.n); /* both kinds, or the test says nothing */
        int some_short = 0;
        for (size_t j = 0; j < mt.n; j++) {
            long d = kj_matches_listed(p.norm.text, p.norm.len, t->a.lex, &mt, any_topic,
                                       mt.items[j].nend, part);
            assert_true(d > (long)j && d <= (long)mt.n);
            some_short |= d < (long)mt.n;
            for (size_t k = 0; k < mt.n; k++)
                assert_int_equal(part[k], k < (size_t)d ? whole[k] : 0);
        }
        assert_true(some_short); /* a prefix was read, not always the whole text */
        kj_arena_free(a);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_light_terms_need_company),
        cmocka_unit_test(test_topic_terms),
        cmocka_unit_test(test_lone_passage_needs_a_topic_term),
        cmocka_unit_test(test_heading_gives_the_topic),
        cmocka_unit_test(test_unrelated_heading),
        cmocka_unit_test(test_offtopic_phrases),
        cmocka_unit_test(test_physical_security),
        cmocka_unit_test(test_named_measures),
        cmocka_unit_test(test_field_names_name_the_topic),
        cmocka_unit_test(test_backups_and_data_laws),
        cmocka_unit_test(test_listed_entries),
        cmocka_unit_test(test_listed_prefix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
