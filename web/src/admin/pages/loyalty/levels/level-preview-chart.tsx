import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Typography } from "antd";
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { downloadCsv } from "../../../../shared/csv";
import { useT } from "../../../i18n/locale-context";
import { type LevelBar, levelCountsCsv, levelCountsOption } from "./level-chart";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Members per level for the ladder on screen (and now, for saved levels), with a CSV of the same numbers. */
export function LevelPreviewChart({ bars, footer }: { bars: LevelBar[]; footer?: React.ReactNode }) {
  const t = useT();
  const labels = { preview: t("levels.previewSeries"), current: t("levels.currentSeries") };
  return (
    <Card
      size="small"
      title={t("levels.preview")}
      data-testid="level-preview-chart"
      extra={
        <Button
          size="small"
          type="text"
          icon={<DownloadOutlined />}
          disabled={bars.length === 0}
          onClick={() =>
            downloadCsv(
              "member-levels.csv",
              [t("levels.name"), labels.preview, labels.current],
              levelCountsCsv(bars),
            )
          }
        >
          CSV
        </Button>
      }
    >
      {bars.length === 0 ? (
        <Empty description={t("levels.previewEmpty")} />
      ) : (
        <ReactEChartsCore
          echarts={echarts}
          option={levelCountsOption(bars, labels)}
          style={{ height: 260 }}
          notMerge
        />
      )}
      {footer && <Typography.Text type="secondary">{footer}</Typography.Text>}
    </Card>
  );
}
