/* exctl web UI: strings of the case-handling page (web/cases.js), merged into
 * the UI's dictionaries so that data-i18n and the language switch work as
 * everywhere else. Loaded after i18n.js. */
"use strict";
(function () {
  const add = {
    ja: {
      "nav.workflow": "案件審査",
      "wf.new": "新規申請", "wf.type": "許可の種類", "wf.individual": "個別許可", "wf.bulk": "包括許可",
      "wf.destination": "仕向地", "wf.reference": "整理番号", "wf.goods": "貨物",
      "wf.description": "品名", "wf.classification": "該当項番 (輸出令別表第1)", "wf.quantity": "数量",
      "wf.unit": "単位", "wf.value": "価額 (円)", "wf.end_user": "需要者", "wf.consignee": "荷受人",
      "wf.name": "名称", "wf.country": "国", "wf.end_use": "用途 (最終用途の説明)",
      "wf.save": "下書き保存", "wf.create_submit": "作成して申請", "wf.submit": "申請",
      "wf.cases": "案件一覧", "wf.queue": "キュー", "wf.all": "すべて", "wf.refresh": "更新",
      "wf.none": "案件はありません", "wf.status": "状態", "wf.org": "申請者", "wf.flags": "フラグ",
      "wf.checks": "自動チェック", "wf.screening": "取引審査 (当事者)", "wf.determination": "許可要否判定",
      "wf.no_hits": "該当なし", "wf.history": "経過", "wf.referrals": "他機関照会", "wf.alerts": "再審査アラート",
      "wf.licence": "許可証", "wf.usage": "使用実績", "wf.remaining": "残数量", "wf.remaining_value": "残価額",
      "wf.start_review": "審査開始", "wf.take": "担当する", "wf.refer": "照会", "wf.agency": "照会先機関",
      "wf.question": "照会内容", "wf.advise": "意見", "wf.advice": "意見", "wf.reasons": "理由",
      "wf.provisos": "条件 (1行に1つ)", "wf.decide": "決定", "wf.outcome": "結果",
      "wf.approved": "許可", "wf.approved_with_provisos": "条件付許可", "wf.refused": "不許可",
      "wf.approve": "許可相当", "wf.proviso": "条件付", "wf.refuse": "不許可相当",
      "wf.no_licence_required": "許可不要", "wf.countersign": "決裁", "wf.return": "差戻し",
      "wf.note": "メモ", "wf.issue": "許可証発行", "wf.ship": "出荷を記録", "wf.shipment_ref": "出荷番号",
      "wf.item": "品目", "wf.appeal": "不服申立て", "wf.grounds": "理由", "wf.suspend": "停止",
      "wf.reinstate": "再開", "wf.revoke": "取消", "wf.ack": "確認済みにする", "wf.rescreen": "再審査を実行",
      "wf.rescreen_done": "再審査: 対象 {n} 件、新規アラート {a} 件",
      "wf.stats": "統計", "wf.by_status": "状態別件数", "wf.by_queue": "キュー別 (処理期間)",
      "wf.service_level": "標準処理期間内の割合", "wf.alert_rate": "スクリーニング該当率",
      "wf.done": "完了しました", "wf.decided": "決定件数",
      "st.draft": "下書き", "st.submitted": "申請済", "st.initial_checks": "初期チェック済",
      "st.under_review": "審査中", "st.referred": "照会中", "st.advice_received": "意見受領",
      "st.countersign": "決裁待ち", "st.decided": "決定済", "st.appealed": "不服申立て中",
      "st.licence_issued": "許可証発行済", "st.suspended": "停止中", "st.revoked": "取消",
      "st.expired": "期限切れ"
    },
    en: {
      "nav.workflow": "Cases",
      "wf.new": "New application", "wf.type": "Licence type", "wf.individual": "Individual", "wf.bulk": "Bulk",
      "wf.destination": "Destination", "wf.reference": "Reference", "wf.goods": "Goods",
      "wf.description": "Description", "wf.classification": "Classification (JP list entry)", "wf.quantity": "Quantity",
      "wf.unit": "Unit", "wf.value": "Value (JPY)", "wf.end_user": "End user", "wf.consignee": "Consignee",
      "wf.name": "Name", "wf.country": "Country", "wf.end_use": "End-use statement",
      "wf.save": "Save draft", "wf.create_submit": "Create and submit", "wf.submit": "Submit",
      "wf.cases": "Cases", "wf.queue": "Queue", "wf.all": "All", "wf.refresh": "Refresh",
      "wf.none": "No cases", "wf.status": "Status", "wf.org": "Applicant", "wf.flags": "Flags",
      "wf.checks": "Automatic checks", "wf.screening": "Party screening", "wf.determination": "Licence determination",
      "wf.no_hits": "no hits", "wf.history": "History", "wf.referrals": "Referrals", "wf.alerts": "Re-screening alerts",
      "wf.licence": "Licence", "wf.usage": "Usage", "wf.remaining": "Remaining quantity", "wf.remaining_value": "Remaining value",
      "wf.start_review": "Start review", "wf.take": "Take the case", "wf.refer": "Refer", "wf.agency": "Agency",
      "wf.question": "Question", "wf.advise": "Give advice", "wf.advice": "Advice", "wf.reasons": "Reasons",
      "wf.provisos": "Provisos (one per line)", "wf.decide": "Decide", "wf.outcome": "Outcome",
      "wf.approved": "Approved", "wf.approved_with_provisos": "Approved with provisos", "wf.refused": "Refused",
      "wf.approve": "Approve", "wf.proviso": "Proviso", "wf.refuse": "Refuse",
      "wf.no_licence_required": "No licence required", "wf.countersign": "Countersign", "wf.return": "Return",
      "wf.note": "Note", "wf.issue": "Issue licence", "wf.ship": "Record shipment", "wf.shipment_ref": "Shipment ref.",
      "wf.item": "Item", "wf.appeal": "Appeal", "wf.grounds": "Grounds", "wf.suspend": "Suspend",
      "wf.reinstate": "Reinstate", "wf.revoke": "Revoke", "wf.ack": "Acknowledge", "wf.rescreen": "Re-screen now",
      "wf.rescreen_done": "Re-screening: {n} parties, {a} new alerts",
      "wf.stats": "Statistics", "wf.by_status": "Cases by status", "wf.by_queue": "By queue (processing)",
      "wf.service_level": "Within service level", "wf.alert_rate": "Screening alert rate",
      "wf.done": "Done", "wf.decided": "Decided",
      "st.draft": "Draft", "st.submitted": "Submitted", "st.initial_checks": "Initial checks",
      "st.under_review": "Under review", "st.referred": "Referred", "st.advice_received": "Advice received",
      "st.countersign": "Countersign", "st.decided": "Decided", "st.appealed": "Appealed",
      "st.licence_issued": "Licence issued", "st.suspended": "Suspended", "st.revoked": "Revoked",
      "st.expired": "Expired"
    }
  };
  for (const l of Object.keys(add)) Object.assign(window.EXCTL_I18N[l], add[l]);
})();
