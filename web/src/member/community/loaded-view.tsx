import { Button, ErrorBlock, SpinLoading } from "antd-mobile";
import type { ReactNode } from "react";
import { communityErrorText, useCommunityText } from "./community-messages";

type Loaded<T> = { data: T | null; loading: boolean; error: unknown; reload: () => void };

/** A community page's first load: a spinner, then the content, or the error with a retry. */
export function LoadedView<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { ct, t } = useCommunityText();
  if (state.loading && !state.data) {
    return (
      <div className="qm-center">
        <SpinLoading color="primary" />
      </div>
    );
  }
  if (state.error || !state.data) {
    return (
      <ErrorBlock
        status="default"
        title={ct("loadFailed")}
        description={communityErrorText(state.error, ct, t)}
      >
        <Button color="primary" onClick={state.reload}>
          {ct("retry")}
        </Button>
      </ErrorBlock>
    );
  }
  return <>{children(state.data)}</>;
}
