/**
 * The CoreSystem the emulator serves: the built-in core's queries over the emulator's own database, beside the
 * business and event feed of the protocol.
 */
import type { BuiltinCore } from '../../core/builtin/gateway.js';
import type { CoreBusiness, CoreSystem } from '../../core/protocol.js';

export function builtinCoreSystem(core: BuiltinCore, business: CoreBusiness): CoreSystem {
  return {
    findMemberByIdNumber: (idNumber) => core.findMemberByIdNumber(idNumber),
    findMemberByPhone: (phone) => core.findMemberByPhone(phone),
    getMember: (memberId) => core.getMember(memberId),
    revealContact: (memberId) => core.revealContact(memberId),
    updatePhone: (memberId, phone) => core.updatePhone(memberId, phone),
    updateMemberProfile: (memberId, patch) => core.updateMemberProfile(memberId, patch),
    getFundAccount: (memberId) => core.getFundAccount(memberId),
    getMemberWithAccount: (memberId) => core.getMemberWithAccount(memberId),
    getFundAccounts: (memberIds) => core.getFundAccounts(memberIds),
    listFundAccounts: (memberId) => core.listFundAccounts(memberId),
    getMemberOverview: (memberId, on) => core.getMemberOverview(memberId, on),
    listLedger: (memberId, range, page, order) => core.listLedger(memberId, range, page, order),
    ledgerPage: (memberId, range, page, order, accountNo) => core.ledgerPage(memberId, range, page, order, accountNo),
    sumLedger: (memberId, range) => core.sumLedger(memberId, range),
    ledgerYearSpan: (memberId) => core.ledgerYearSpan(memberId),
    listLoans: (memberId) => core.listLoans(memberId),
    listUnpaidInstalments: (range) => core.listUnpaidInstalments(range),
    listRepayments: (loanId, range) => core.listRepayments(loanId, range),
    listPlan: (loanId, range) => core.listPlan(loanId, range),
    listOverdue: (loanId) => core.listOverdue(loanId),
    listLoanProgress: (memberId) => core.listLoanProgress(memberId),
    listCounterRegistrations: (memberId) => core.listCounterRegistrations(memberId),
    listOutlets: () => core.listOutlets(),
    listHousingProjects: (nameContains) => core.listHousingProjects(nameContains),
    listInterestRates: () => core.listInterestRates(),
    submitBusiness: (request) => business.submitBusiness(request),
    businessStatus: (serial) => business.businessStatus(serial),
    listEvents: (after, limit) => business.listEvents(after, limit),
  };
}
