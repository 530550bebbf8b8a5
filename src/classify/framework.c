/*
 * framework.c - the guide's model as tables: the ten items (measures of the
 * Cybersecurity Management Guidelines) and the 21 disclosure elements kaiji
 * uses (framework "mic-2019"). Names are kaiji's own short labels.
 */
#include <string.h>

#include "kaiji/classify.h"

typedef struct {
    const char *id;
    int item;
    const char *en;
    const char *ja;
} element_def;

static const element_def elements[KJ_N_ELEMENTS] = {
    {"1.1", 1, "top-management message on the stance", "経営層のメッセージ"},
    {"1.2", 1, "basic policy with concrete measures", "基本方針と具体的施策"},
    {"1.3", 1, "policy for key business areas", "重要分野の取組方針"},
    {"2.1", 2, "responsible executive, structure, roles, activities",
     "責任者・推進体制・権限と責任"},
    {"2.2", 2, "place in enterprise risk management", "全社リスク管理での位置づけ"},
    {"3.1", 3, "education and training, with figures", "教育・研修（定量情報）"},
    {"3.2", 3, "cybersecurity budget", "対策予算"},
    {"3.3", 3, "security specialists and their development", "専門人材の確保・育成"},
    {"4.1", 4, "information to protect and its risks", "守るべき情報とリスク"},
    {"4.2", 4, "risk assessment, treatment and response plans", "リスク評価・対応計画"},
    {"5.1", 5, "defences, monitoring and detection", "防御・検知・分析"},
    {"6.1", 6, "PDCA with KPIs, audits, reviews", "PDCA・KPI・監査"},
    {"6.2", 6, "incidents that occurred and improvements", "発生したインシデントと改善"},
    {"6.3", 6, "third-party certification and standards", "第三者認証・基準への準拠"},
    {"7.1", 7, "CSIRT or incident-response structure", "CSIRT等の緊急対応体制"},
    {"7.2", 7, "incident-response exercises", "インシデント対応演習"},
    {"8.1", 8, "recovery procedures, BCP, backups", "復旧手順・BCP"},
    {"9.1", 9, "suppliers' and contractors' security", "取引先・委託先の対策"},
    {"9.2", 9, "group companies and subsidiaries", "グループ会社の対策強化"},
    {"10.1", 10, "membership of information-sharing bodies", "情報共有活動への参加"},
    {"10.2", 10, "use of external advisories and intelligence", "外部の注意喚起・脅威情報の活用"},
};

static const char *const items_en[KJ_N_ITEMS + 1] = {"",
                                                     "Policy",
                                                     "Risk-management structure",
                                                     "Resources (budget, people)",
                                                     "Risk identification and planning",
                                                     "Protection (defend, detect, analyse)",
                                                     "PDCA",
                                                     "Incident response",
                                                     "Recovery",
                                                     "Suppliers, contractors, group",
                                                     "Information sharing"};

static const char *const items_ja[KJ_N_ITEMS + 1] = {"",
                                                     "対応方針策定",
                                                     "リスク管理体制",
                                                     "資源（予算・人員）の確保",
                                                     "リスクの把握と対応計画",
                                                     "保護対策",
                                                     "PDCA",
                                                     "緊急対応体制",
                                                     "復旧体制",
                                                     "取引先・委託先・グループ",
                                                     "情報共有活動"};

const char *kj_element_id(int e) {
    return e >= 0 && e < KJ_N_ELEMENTS ? elements[e].id : "";
}

int kj_element_item(int e) {
    return e >= 0 && e < KJ_N_ELEMENTS ? elements[e].item : 0;
}

int kj_element_parse(const char *id) {
    for (int e = 0; e < KJ_N_ELEMENTS; e++)
        if (strcmp(elements[e].id, id) == 0) return e;
    return -1;
}

const char *kj_item_name_en(int item) {
    return item >= 1 && item <= KJ_N_ITEMS ? items_en[item] : "";
}

const char *kj_item_name_ja(int item) {
    return item >= 1 && item <= KJ_N_ITEMS ? items_ja[item] : "";
}

const char *kj_element_name_en(int e) {
    return e >= 0 && e < KJ_N_ELEMENTS ? elements[e].en : "";
}

const char *kj_element_name_ja(int e) {
    return e >= 0 && e < KJ_N_ELEMENTS ? elements[e].ja : "";
}
