import { Button, DatePicker, Dialog, Form, Input, NavBar, Selector, Toast } from "antd-mobile";
import type { DatePickerRef } from "antd-mobile/es/components/date-picker";
import { type RefObject, useState } from "react";
import { useNavigate } from "react-router-dom";
import { ApiError } from "../shared/api";
import { errorText } from "./error-text";
import { useI18n } from "./i18n";
import { LanguageToggle } from "./language-toggle";
import { useSignedInMember } from "./member-session";
import { formatBirthday, type ProfileFields, profileChanges, toProfileFields } from "./profile-fields";

const oldestBirthday = new Date(1920, 0, 1);

export function ProfilePage() {
  const { member, api, setMember } = useSignedInMember();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (fields: ProfileFields) => {
    setError(null);
    const changes = profileChanges(member, fields);
    if (Object.keys(changes).length === 0) {
      navigate("/");
      return;
    }
    setSaving(true);
    try {
      setMember(await api.updateMe(changes));
      Toast.show({ icon: "success", content: t("saved") });
      navigate("/");
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return setMember(null);
      setError(errorText(failure, t));
      setSaving(false);
    }
  };

  const logout = async () => {
    const confirmed = await Dialog.confirm({
      content: t("logoutConfirm"),
      confirmText: t("logout"),
      cancelText: t("cancel"),
    });
    if (!confirmed) return;
    await api.logout().catch(() => {});
    setMember(null);
    navigate("/", { replace: true });
  };

  const genders = [
    { label: t("male"), value: "male" as const },
    { label: t("female"), value: "female" as const },
    { label: t("other"), value: "other" as const },
  ];

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={t("back")}
        right={<LanguageToggle />}
      >
        {t("profile")}
      </NavBar>
      <Form
        layout="horizontal"
        initialValues={toProfileFields(member)}
        onFinish={save}
        footer={
          <Button block type="submit" color="primary" size="large" loading={saving}>
            {t("save")}
          </Button>
        }
      >
        <Form.Item name="name" label={t("name")}>
          <Input placeholder={t("namePlaceholder")} maxLength={50} clearable />
        </Form.Item>
        <Form.Item name="gender" label={t("gender")}>
          <Selector columns={3} options={genders} />
        </Form.Item>
        <Form.Item
          name="birthday"
          label={t("birthday")}
          trigger="onConfirm"
          onClick={(_event, picker: RefObject<DatePickerRef | null>) => picker.current?.open()}
        >
          <DatePicker min={oldestBirthday} max={new Date()} title={t("birthday")}>
            {(value) =>
              formatBirthday(value) ?? <span className="qm-placeholder">{t("birthdayPlaceholder")}</span>
            }
          </DatePicker>
        </Form.Item>
        <Form.Header>{t("region")}</Form.Header>
        <Form.Item name="province" label={t("province")}>
          <Input placeholder={t("province")} maxLength={30} clearable />
        </Form.Item>
        <Form.Item name="city" label={t("city")}>
          <Input placeholder={t("city")} maxLength={30} clearable />
        </Form.Item>
        <Form.Item name="district" label={t("district")}>
          <Input placeholder={t("district")} maxLength={30} clearable />
        </Form.Item>
        <Form.Header />
        <Form.Item name="email" label={t("email")} rules={[{ type: "email", message: t("emailInvalid") }]}>
          <Input
            type="email"
            inputMode="email"
            placeholder={t("emailPlaceholder")}
            maxLength={100}
            clearable
          />
        </Form.Item>
      </Form>
      {error ? (
        <div className="qm-error qm-error-page" role="alert">
          {error}
        </div>
      ) : null}
      <div className="qm-logout">
        <Button block fill="none" onClick={logout}>
          {t("logout")}
        </Button>
      </div>
    </div>
  );
}
