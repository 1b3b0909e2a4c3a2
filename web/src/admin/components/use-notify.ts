import { App } from "antd";
import { useCallback } from "react";
import { ApiError } from "../../shared/api";

/** Shows a failed action's server message (the code goes to the console for support). */
export function useNotifyError(): (cause: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (cause: unknown) => {
      if (cause instanceof ApiError) {
        console.warn(cause.code, cause.details);
        message.error(cause.message);
      } else {
        message.error(String(cause));
      }
    },
    [message],
  );
}
