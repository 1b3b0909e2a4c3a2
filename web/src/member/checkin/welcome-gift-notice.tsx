import { Dialog } from "antd-mobile";
import { useEffect } from "react";
import { apiRequest } from "../../shared/api";
import type { WelcomeGift } from "../../shared/api-types";
import { useSignedInMember } from "../member-session";
import { useCheckinText } from "./checkin-messages";

const seenKey = (customerId: string) => `quanzi.member.welcome-seen.${customerId}`;

function alreadySeen(customerId: string): boolean {
  try {
    return localStorage.getItem(seenKey(customerId)) !== null;
  } catch {
    return false;
  }
}

function markSeen(customerId: string) {
  try {
    localStorage.setItem(seenKey(customerId), "1");
  } catch {
    // storage can be disabled in some in-app browsers; the notice may then show again
  }
}

/** After the first login: what the new-member gift (新人礼) gave, shown once on this phone. */
export function WelcomeGiftNotice() {
  const { shop, member } = useSignedInMember();
  const ct = useCheckinText();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per member and shop, not per language switch
  useEffect(() => {
    if (alreadySeen(member.id)) return;
    let live = true;
    apiRequest<{ gift: WelcomeGift | null }>("GET", `/api/m/${encodeURIComponent(shop.slug)}/welcome-gift`, {
      quietUnauthenticated: true,
    }).then(
      ({ gift }) => {
        if (!live || !gift) return;
        markSeen(member.id);
        const lines = [
          gift.points > 0 && ct("welcomePoints", { points: gift.points }),
          gift.items.length > 0 &&
            ct("welcomeItems", { items: gift.items.map((i) => `${i.name} × ${i.quantity}`).join("、") }),
          gift.coupon && ct("welcomeCoupon"),
        ].filter((line): line is string => typeof line === "string");
        Dialog.alert({
          title: ct("welcomeTitle"),
          content: (
            <div data-testid="welcome-gift-notice">
              {lines.map((line) => (
                <p key={line} style={{ margin: "4px 0" }}>
                  {line}
                </p>
              ))}
            </div>
          ),
          confirmText: ct("welcomeOk"),
        });
      },
      () => {
        // The notice is a courtesy: the gift itself is in the points history either way.
      },
    );
    return () => {
      live = false;
    };
  }, [member.id, shop.slug]);
  return null;
}
