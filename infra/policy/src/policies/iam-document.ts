// Reading IAM policy documents as the inline-policy resources carry them.
import { asArray, asRecord, asString, stringList } from './shared.js';

/** Resource types whose `policy` property is an IAM policy document. */
export const POLICY_DOCUMENT_TYPES: readonly string[] = [
  'aws:iam/policy:Policy',
  'aws:iam/rolePolicy:RolePolicy',
  'aws:iam/userPolicy:UserPolicy',
  'aws:iam/groupPolicy:GroupPolicy',
];

/** Short names for messages. */
const KIND: Record<string, string> = {
  'aws:iam/policy:Policy': 'IAM policy',
  'aws:iam/rolePolicy:RolePolicy': 'IAM role policy',
  'aws:iam/userPolicy:UserPolicy': 'IAM user policy',
  'aws:iam/groupPolicy:GroupPolicy': 'IAM group policy',
};

/** One Allow statement, with how messages name it. */
export interface AllowStatement {
  /** `statement 'Sid'`, or `statement #n` (from 1) when it has no Sid. */
  label: string;
  actions: string[];
  notActions: string[];
  resources: string[];
}

/** The Allow statements of a policy document, or an error message when the document is not one. */
export type ParsedDocument = { statements: AllowStatement[] } | { error: string };

/** `IAM role policy 'name'`: how messages name a policy resource. */
export function policyLabel(type: string, name: string): string {
  return `${KIND[type] ?? 'IAM policy'} '${name}'`;
}

/**
 * Parses the `policy` property (a JSON string, or an object when a program passes one) into its Allow
 * statements: Deny statements only take permissions away. An Effect other than 'Deny' counts as Allow,
 * so a misspelt Effect cannot hide a grant.
 */
export function allowStatements(policy: unknown): ParsedDocument {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch (error) {
      return { error: `is not valid JSON (${(error as Error).message})` };
    }
  }
  const record = asRecord(document);
  if (record === undefined) return { error: 'is not a JSON object' };
  const raw = Array.isArray(record.Statement) ? record.Statement : [record.Statement];
  const statements: AllowStatement[] = [];
  asArray(raw).forEach((entry, index) => {
    const statement = asRecord(entry);
    if (statement === undefined || statement.Effect === 'Deny') return;
    const sid = asString(statement.Sid);
    statements.push({
      label: sid ? `statement '${sid}'` : `statement #${index + 1}`,
      actions: stringList(statement.Action),
      notActions: stringList(statement.NotAction),
      resources: stringList(statement.Resource),
    });
  });
  return { statements };
}
