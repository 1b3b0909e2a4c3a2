import { unstableSetRender } from "antd-mobile";
import { createRoot, type Root } from "react-dom/client";
import { MemberApp } from "./member-app";

// antd-mobile's Toast and Dialog render outside the tree; React 19 has no ReactDOM.render, so give it createRoot.
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

createRoot(document.getElementById("root")!).render(<MemberApp />);
