/** The demo fresh-food shop's shelves: SKU, name, category and price in 分, with how often each sells. */
export type CatalogItem = { sku: string; name: string; category: string; unitPrice: number; weight: number };

const shelf = (category: string, prefix: string, items: [string, number, number][]): CatalogItem[] =>
  items.map(([name, yuan, weight], i) => ({
    sku: `${prefix}${String(i + 1).padStart(3, "0")}`,
    name,
    category,
    unitPrice: Math.round(yuan * 100),
    weight,
  }));

export const demoCatalog: CatalogItem[] = [
  ...shelf("水果", "FR", [
    ["红富士苹果 1kg", 12.8, 10],
    ["海南香蕉 1kg", 8.9, 10],
    ["赣南脐橙 2.5kg", 29.9, 6],
    ["阳光玫瑰葡萄 500g", 25.8, 5],
    ["麒麟西瓜 1个", 39.9, 4],
    ["丹东草莓 500g", 45.0, 3],
    ["库尔勒香梨 1kg", 15.8, 5],
    ["泰国山竹 1kg", 49.9, 2],
  ]),
  ...shelf("蔬菜", "VG", [
    ["上海青 500g", 3.5, 10],
    ["西红柿 1kg", 7.9, 9],
    ["土豆 1kg", 4.5, 8],
    ["黄瓜 500g", 3.9, 8],
    ["西兰花 1个", 6.8, 6],
    ["胡萝卜 1kg", 4.2, 6],
    ["香菇 250g", 8.8, 4],
  ]),
  ...shelf("肉禽", "MT", [
    ["精品五花肉 500g", 22.9, 7],
    ["猪里脊 500g", 24.9, 5],
    ["鸡翅中 500g", 29.9, 5],
    ["三黄鸡 1只", 45.0, 3],
    ["牛腩 500g", 59.0, 3],
    ["土鸡蛋 30枚", 32.0, 8],
  ]),
  ...shelf("乳品", "DY", [
    ["鲜牛奶 950ml", 15.9, 9],
    ["原味酸奶 1kg", 18.5, 6],
    ["低脂牛奶 250ml×12", 49.9, 3],
    ["奶酪片 200g", 26.0, 2],
  ]),
  ...shelf("粮油", "GR", [
    ["东北大米 5kg", 39.9, 4],
    ["花生油 5L", 89.9, 2],
    ["挂面 1kg", 9.9, 4],
    ["小米 1kg", 14.8, 2],
  ]),
  ...shelf("水产", "SF", [
    ["鲜活基围虾 500g", 49.0, 3],
    ["鲈鱼 1条", 36.0, 3],
    ["花蛤 500g", 16.0, 2],
  ]),
];

export const demoCategories = [...new Set(demoCatalog.map((c) => c.category))];

/** Relative demand by month (January = index 0): Spring Festival, summer fruit, autumn harvest. */
export const monthSeasonality = [1.35, 1.25, 0.9, 0.9, 0.95, 1.05, 1.15, 1.1, 1.0, 1.05, 0.95, 1.2];

export const demoStores = [
  { code: "S01", name: "文三路店", city: "杭州", address: "西湖区文三路 168 号", phone: "0571-88001234" },
  { code: "S02", name: "滨江店", city: "杭州", address: "滨江区江南大道 588 号", phone: "0571-86005678" },
];

export const demoStaff = [
  { name: "陈店长", email: "manager@demo.quanzi.local", role: "manager" as const },
  { name: "林运营", email: "operator@demo.quanzi.local", role: "operator" as const },
  { name: "赵收银", email: "clerk@demo.quanzi.local", role: "clerk" as const },
];

export const demoRegions: { district: string; city: string; province: string; weight: number }[] = [
  { province: "浙江省", city: "杭州市", district: "西湖区", weight: 30 },
  { province: "浙江省", city: "杭州市", district: "滨江区", weight: 25 },
  { province: "浙江省", city: "杭州市", district: "拱墅区", weight: 12 },
  { province: "浙江省", city: "杭州市", district: "上城区", weight: 10 },
  { province: "浙江省", city: "杭州市", district: "萧山区", weight: 8 },
  { province: "浙江省", city: "杭州市", district: "余杭区", weight: 8 },
  { province: "浙江省", city: "绍兴市", district: "越城区", weight: 3 },
  { province: "上海市", city: "上海市", district: "浦东新区", weight: 2 },
  { province: "江苏省", city: "苏州市", district: "姑苏区", weight: 2 },
];
