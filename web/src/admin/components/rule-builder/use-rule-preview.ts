import { useEffect, useRef, useState } from "react";
import { ApiError, api } from "../../../shared/api";
import type { RuleIssue, RuleNode, RulePreview } from "../../../shared/api-types";
import { countLeaves, ruleIssuesOf } from "./rule-tree";

export type RulePreviewState = {
  preview: RulePreview | null;
  /** Issues of the rule as last sent, for the builder to show on their nodes. */
  issues: RuleIssue[];
  /** A failure that is not about a node (network, permission). */
  error: ApiError | null;
  loading: boolean;
  /** The rule has no condition yet: nothing was asked. */
  empty: boolean;
};

/** Asks the server for the live count of a rule while it is edited, at most once per pause in typing. */
export function useRulePreview(rule: RuleNode, endpoint: string, delayMs = 400): RulePreviewState {
  const [state, setState] = useState<Omit<RulePreviewState, "empty">>({
    preview: null,
    issues: [],
    error: null,
    loading: false,
  });
  const request = useRef(0);
  const key = JSON.stringify(rule);
  const empty = countLeaves(rule) === 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key captures the rule
  useEffect(() => {
    if (empty) {
      request.current += 1;
      setState({ preview: null, issues: [], error: null, loading: false });
      return;
    }
    const id = ++request.current;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api.post<RulePreview>(endpoint, { rule }).then(
        (preview) => {
          if (id === request.current) setState({ preview, issues: [], error: null, loading: false });
        },
        (cause: unknown) => {
          if (id !== request.current) return;
          const error = cause instanceof ApiError ? cause : new ApiError(0, "internal", String(cause));
          const issues = error.code === "invalid_rule" ? ruleIssuesOf(error.details) : [];
          setState((s) => ({
            preview: s.preview,
            issues,
            error: issues.length ? null : error,
            loading: false,
          }));
        },
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, endpoint, delayMs, empty]);

  return { ...state, empty };
}
