// Every job definition, imported once by the server (and the CLI) so the runner knows them all.
// Each capability adds its job module here.
import "../modules/imports/import-job.js";
import "../modules/insight/insight-jobs.js";
import "../modules/insight/refresh-all-job.js";
import "../modules/tags/tag-jobs.js";
import "../modules/segments/segment-jobs.js";
import "../modules/layers/layer-jobs.js";
import "../modules/loyalty/ledger/ledger-jobs.js";
import "../modules/loyalty/levels/level-jobs.js";
import "../modules/loyalty/mall/mall-jobs.js";
import "../modules/promotions/checkout/checkout-jobs.js";
import "../modules/promotions/coupons/coupon-jobs.js";
import "../modules/promotions/flash-sales/flash-sale-jobs.js";
import "../modules/community/community-jobs.js";
import "../modules/messaging/messaging-jobs.js";
import "../modules/links/link-jobs.js";
import "../modules/content/content-jobs.js";
import "../modules/tasks/task-jobs.js";
