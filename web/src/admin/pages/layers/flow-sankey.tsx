import { SankeyChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { LayerFlow } from "../../../shared/api-types";
import { type FlowKey, sankeyData } from "./flow-report";

echarts.use([SankeyChart, TooltipComponent, CanvasRenderer]);

/** Customers flowing from their layer at `from` (left) to their layer at `to` (right); counts on hover. */
export default function FlowSankey({ flow, nameOf }: { flow: LayerFlow; nameOf: (key: FlowKey) => string }) {
  const data = sankeyData(flow, nameOf);
  const option = {
    tooltip: { trigger: "item", triggerOn: "mousemove" },
    animation: false,
    series: [
      {
        type: "sankey",
        left: 8,
        right: 96,
        top: 8,
        bottom: 8,
        nodeAlign: "justify",
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
        label: {
          formatter: (p: { name: string; value: number }) => `${p.name.replace("\u200b", "")} ${p.value}`,
        },
        data: data.nodes,
        links: data.links,
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 360 }} notMerge />;
}
