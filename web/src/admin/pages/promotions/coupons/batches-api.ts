// Where the code batches live in the API.
export const batchesPath = "/api/v1/coupon-batches";
export const batchExportPath = (id: string) => `${batchesPath}/${id}/codes.csv`;
