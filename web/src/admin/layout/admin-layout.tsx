import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout, Menu, theme } from "antd";
import { type ReactNode, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useT } from "../i18n/locale-context";
import type { MessageKey } from "../i18n/zh-cn";
import { useCan } from "../session";
import { HeaderBar } from "./header-bar";
import { type MenuEntry, menuEntries } from "./menu-entries";

/** Sider on wide screens; on a phone the menu lives in a drawer opened from the header. */
export function AdminLayout({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {wide ? (
        <Layout.Sider
          theme="light"
          width={208}
          style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Brand />
          <SectionMenu />
        </Layout.Sider>
      ) : (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          styles={{ body: { padding: 0 } }}
          title={<Brand />}
        >
          <SectionMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: wide ? "0 24px" : "0 12px",
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            display: "flex",
            alignItems: "center",
            gap: 12,
          }}
        >
          {!wide && (
            <Button
              type="text"
              aria-label="menu"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-toggle"
            />
          )}
          <HeaderBar compact={!wide} />
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 24 : 12 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}

function Brand() {
  return (
    <div style={{ padding: "16px 24px", fontWeight: 600, fontSize: 18, color: "#16a34a" }}>圈子 Quanzi</div>
  );
}

function SectionMenu({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = menuEntries.find((entry) => pathname.startsWith(entry.path));
  return (
    <Menu
      mode="inline"
      style={{ borderInlineEnd: "none" }}
      selectedKeys={selected ? [selected.path] : []}
      defaultOpenKeys={selected?.group ? [`group:${selected.group.key}`] : []}
      items={menuItemsOf(
        menuEntries.filter((entry) => can(entry.permission)),
        t,
      )}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

type MenuItem = { key: string; icon: ReactNode; label: string; children?: MenuItem[] };

/** Flat entries stay flat; grouped ones become one submenu where the group's first entry stands. */
function menuItemsOf(entries: MenuEntry[], t: (key: MessageKey) => string): MenuItem[] {
  const items: MenuItem[] = [];
  const groups = new Map<string, MenuItem>();
  for (const entry of entries) {
    const item = { key: entry.path, icon: entry.icon, label: t(entry.label) };
    if (!entry.group) {
      items.push(item);
      continue;
    }
    let group = groups.get(entry.group.key);
    if (!group) {
      group = {
        key: `group:${entry.group.key}`,
        icon: entry.group.icon,
        label: t(entry.group.label),
        children: [],
      };
      groups.set(entry.group.key, group);
      items.push(group);
    }
    group.children?.push(item);
  }
  return items;
}
