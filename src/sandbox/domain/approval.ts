/**
 * The approval workflow time sheets and expense reports share (research §7.4):
 * Open —submit→ PendingApproval —approve Tier1→ ApprovedByTierOne —approve Tier2→ ApprovedByTierTwo;
 * reject sends a pending sheet back to Rejected (from tier two: RejectBySecondTier); resubmitting a
 * rejected sheet makes it ErrorsCorrected; reverse returns a submitted or approved sheet to Open.
 * Pure: states in, state (or the reason it cannot move) out.
 */
export type ApprovalStatus =
  | "Open" | "Rejected" | "PendingApproval" | "ErrorsCorrected" | "PendingProjectApproval" | "ApprovedByTierOne"
  | "RejectBySecondTier" | "ApprovedByTierTwo" | "ReadyToBill" | "Billed" | "WrittenOff" | "BilledAgreement";

export type ApprovalAction = "submit" | "approve" | "reject" | "reverse";

const PENDING: ApprovalStatus[] = ["PendingApproval", "ErrorsCorrected", "PendingProjectApproval"];
const FINAL: ApprovalStatus[] = ["ReadyToBill", "Billed", "WrittenOff", "BilledAgreement"];

export function nextStatus(current: ApprovalStatus, action: ApprovalAction, approvalType?: string): ApprovalStatus | { refused: string } {
  switch (action) {
    case "submit":
      if (current === "Open") return "PendingApproval";
      if (current === "Rejected" || current === "RejectBySecondTier") return "ErrorsCorrected";
      return { refused: `it is ${current}; only Open or Rejected ones can be submitted` };
    case "approve":
      if (PENDING.includes(current)) {
        return approvalType === "Tier2Update" ? { refused: `it is ${current}; tier 1 must approve it first` } : "ApprovedByTierOne";
      }
      if (current === "ApprovedByTierOne") {
        return approvalType === "Tier1Update" ? { refused: "tier 1 has already approved it" } : "ApprovedByTierTwo";
      }
      return { refused: `it is ${current}; only submitted ones can be approved` };
    case "reject":
      if (PENDING.includes(current)) return "Rejected";
      if (current === "ApprovedByTierOne") return "RejectBySecondTier";
      return { refused: `it is ${current}; only submitted or tier-1-approved ones can be rejected` };
    case "reverse":
      if (current === "Open") return { refused: "it is already Open" };
      if (FINAL.includes(current)) return { refused: `it is ${current} and can no longer be reversed` };
      return "Open";
  }
}

/** Entries on a sheet in these states can still be added or edited by the member. */
export function isEditable(status: unknown): boolean {
  return status === undefined || status === null || status === "Open" || status === "Rejected" || status === "RejectBySecondTier";
}
