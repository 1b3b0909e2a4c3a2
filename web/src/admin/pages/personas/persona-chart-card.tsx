import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Empty } from "antd";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { downloadCsv } from "../../../shared/csv";
import { useT } from "../../i18n/locale-context";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One distribution: its chart (numbers on hover) and a CSV of exactly the numbers shown. */
export function PersonaChartCard({
  title,
  option,
  csvHeader,
  csvRows,
  fileName,
  height = 280,
  testId,
}: {
  title: string;
  option: object;
  csvHeader: string[];
  csvRows: (string | number)[][];
  fileName: string;
  height?: number;
  testId: string;
}) {
  const t = useT();
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={
        <Button
          size="small"
          type="text"
          icon={<DownloadOutlined />}
          disabled={csvRows.length === 0}
          onClick={() => downloadCsv(`${fileName}.csv`, csvHeader, csvRows)}
          data-testid={`${testId}-csv`}
        >
          CSV
        </Button>
      }
    >
      {csvRows.length === 0 ? (
        <Empty description={t("persona.noData")} style={{ height: height - 40 }} />
      ) : (
        <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />
      )}
    </Card>
  );
}
