import { DeleteOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Segmented, Spin, Tooltip, Typography, theme } from "antd";
import type { ReactNode } from "react";
import type { LeafRule, RuleIssue, RuleNode } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { ErrorAlert } from "../error-alert";
import { LeafEditor } from "./leaf-editor";
import { useRuleBuilderData } from "./rule-builder-data";
import {
  appendChild,
  childrenOf,
  isGroup,
  issuePart,
  issuesAt,
  type NodePath,
  newLeaf,
  removeAt,
  replaceAt,
  setGroupKind,
  toggleNot,
} from "./rule-tree";

type Edit = { root: RuleNode; onChange: (root: RuleNode) => void; issues: readonly RuleIssue[] };

/**
 * The condition builder shared by segments, rule tags and layers: nested AND/OR groups and NOT over
 * the fields the server lists. Server issues (400 invalid_rule) show on the node their path names.
 * Wrap it in a RuleBuilderDataProvider.
 */
export function RuleBuilder({
  value,
  onChange,
  issues = [],
}: {
  value: RuleNode;
  onChange: (rule: RuleNode) => void;
  issues?: readonly RuleIssue[];
}) {
  const data = useRuleBuilderData();
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (data.loading && data.fields.length === 0) return <Spin />;
  return (
    <div data-testid="rule-builder">
      <NodeView edit={{ root: value, onChange, issues }} node={value} path={[]} />
    </div>
  );
}

function NodeView({ edit, node, path }: { edit: Edit; node: RuleNode; path: NodePath }) {
  if ("not" in node) return <NotView edit={edit} node={node} path={path} />;
  if (isGroup(node)) return <GroupView edit={edit} node={node} path={path} />;
  return <LeafView edit={edit} node={node} path={path} />;
}

const partNames = [
  "value",
  "op",
  "field",
  "count",
  "spend",
  "within",
  "purchased",
  "event",
  "tag",
  "layer",
] as const;

function IssueList({ issues, path }: { issues: RuleIssue[]; path: NodePath }) {
  const t = useT();
  if (issues.length === 0) return null;
  // "value[1]" → "值[1]"; the message itself is the server's.
  const name = (part: string) => {
    const head = partNames.find((p) => part === p || part.startsWith(`${p}.`) || part.startsWith(`${p}[`));
    return head ? `${t(`rule.part.${head}`)}${part.slice(head.length)}` : part;
  };
  return (
    <div data-testid="rule-issue">
      {issues.map((issue) => {
        const part = issuePart(issue, path);
        return (
          <Typography.Text type="danger" key={`${issue.path}:${issue.message}`} style={{ display: "block" }}>
            {part ? `${name(part)}: ` : ""}
            {issue.message}
          </Typography.Text>
        );
      })}
    </div>
  );
}

function GroupView({
  edit,
  node,
  path,
}: {
  edit: Edit;
  node: { all: RuleNode[] } | { any: RuleNode[] };
  path: NodePath;
}) {
  const t = useT();
  const { token } = theme.useToken();
  const { fields } = useRuleBuilderData();
  const kind = "all" in node ? "all" : "any";
  const children = childrenOf(node);
  const issues = issuesAt(edit.issues, path, false);
  const change = (root: RuleNode) => edit.onChange(root);
  const isRoot = path.length === 0;
  const firstField = fields[0];
  return (
    <div
      data-testid="rule-group"
      style={{
        borderLeft: `3px solid ${kind === "all" ? token.colorPrimary : token.colorWarning}`,
        background: isRoot ? undefined : token.colorFillQuaternary,
        padding: "8px 0 8px 12px",
        borderRadius: 4,
      }}
    >
      <Flex align="center" gap={8} wrap style={{ marginBottom: children.length ? 8 : 0 }}>
        <Segmented<"all" | "any">
          size="small"
          value={kind}
          onChange={(k) => change(setGroupKind(edit.root, path, k))}
          options={[
            { value: "all", label: t("rule.matchAll") },
            { value: "any", label: t("rule.matchAny") },
          ]}
          data-testid="rule-group-kind"
        />
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => change(appendChild(edit.root, path, newLeaf("field", firstField)))}
          data-testid="rule-add-condition"
        >
          {t("rule.addCondition")}
        </Button>
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => change(appendChild(edit.root, path, { all: [newLeaf("field", firstField)] }))}
          data-testid="rule-add-group"
        >
          {t("rule.addGroup")}
        </Button>
        {!isRoot && <NodeActions edit={edit} path={path} />}
      </Flex>
      <IssueList issues={issues} path={path} />
      {children.length === 0 && (
        <Typography.Text type="secondary">
          {isRoot ? t("rule.emptyRoot") : t("rule.emptyGroup")}
        </Typography.Text>
      )}
      <Flex vertical gap={6}>
        {children.map((child, index) => (
          <Connector
            // biome-ignore lint/suspicious/noArrayIndexKey: a rule node has no id; its place is its identity (every input is controlled)
            key={`${kind}-${index}`}
            show={index > 0}
            label={t(kind === "all" ? "rule.and" : "rule.or")}
          >
            <NodeView edit={edit} node={child} path={[...path, { key: kind, index }]} />
          </Connector>
        ))}
      </Flex>
    </div>
  );
}

function Connector({ show, label, children }: { show: boolean; label: string; children: ReactNode }) {
  return (
    <div>
      {show && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: "block", margin: "0 0 4px 4px" }}>
          {label}
        </Typography.Text>
      )}
      {children}
    </div>
  );
}

function NotView({ edit, node, path }: { edit: Edit; node: { not: RuleNode }; path: NodePath }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div
      data-testid="rule-not"
      style={{ border: `1px dashed ${token.colorError}`, borderRadius: 4, padding: 8 }}
    >
      <Flex align="center" gap={8} style={{ marginBottom: 6 }}>
        <Typography.Text strong type="danger">
          {t("rule.not")}
        </Typography.Text>
        <Button size="small" type="link" onClick={() => edit.onChange(toggleNot(edit.root, path))}>
          {t("rule.unNegate")}
        </Button>
      </Flex>
      <IssueList issues={issuesAt(edit.issues, path, false)} path={path} />
      <NodeView edit={edit} node={node.not} path={[...path, { key: "not" }]} />
    </div>
  );
}

function NodeActions({ edit, path }: { edit: Edit; path: NodePath }) {
  const t = useT();
  const negated = path.at(-1)?.key === "not";
  return (
    <Flex gap={2}>
      {!negated && (
        <Tooltip title={t("rule.negate")}>
          <Button
            size="small"
            type="text"
            icon={<StopOutlined />}
            aria-label={t("rule.negate")}
            onClick={() => edit.onChange(toggleNot(edit.root, path))}
          />
        </Tooltip>
      )}
      <Tooltip title={t("rule.remove")}>
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t("rule.remove")}
          onClick={() => edit.onChange(removeAt(edit.root, path))}
          data-testid="rule-remove"
        />
      </Tooltip>
    </Flex>
  );
}

function LeafView({ edit, node, path }: { edit: Edit; node: LeafRule; path: NodePath }) {
  const { token } = theme.useToken();
  const issues = issuesAt(edit.issues, path, true);
  const bad = (part: string) =>
    issues.some((issue) => {
      const at = issuePart(issue, path);
      return at === part || at.startsWith(`${part}.`) || at.startsWith(`${part}[`);
    })
      ? ("error" as const)
      : undefined;
  return (
    <div
      data-testid="rule-leaf"
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${issues.length ? token.colorError : token.colorBorderSecondary}`,
        borderRadius: 4,
        padding: 8,
      }}
    >
      <Flex gap={8} align="flex-start">
        <LeafEditor
          node={node}
          bad={bad}
          onChange={(next) => edit.onChange(replaceAt(edit.root, path, next))}
        />
        <NodeActions edit={edit} path={path} />
      </Flex>
      <IssueList issues={issues} path={path} />
    </div>
  );
}

/** A failure that names no node (or a non-rule error), shown above the builder. */
export function RuleErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return <Alert type="error" showIcon title={message} style={{ marginBottom: 8 }} />;
}
