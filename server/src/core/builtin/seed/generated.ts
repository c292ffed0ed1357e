/** A deterministic crowd of ordinary members so that lists, statistics and benchmarks have realistic data. */
import { addMonths, type IsoDate } from '../../../shared/dates.js';
import { makeIdNumber } from '../../../shared/id-number.js';
import type { MemberSpec } from './people.js';
import type { LoanSpec } from './loans.js';
import { employers } from './reference.js';
import { seededRandom } from '../../../shared/prng.js';

const SURNAMES = ['和', '木', '杨', '李', '王', '张', '赵', '刘', '陈', '杜', '周', '习', '段', '高', '罗', '谢', '牛', '孙'];
const GIVEN = [
  '建华',
  '丽萍',
  '志强',
  '秀兰',
  '文斌',
  '海燕',
  '春梅',
  '云峰',
  '晓东',
  '玉珍',
  '国栋',
  '雪梅',
  '永红',
  '金凤',
  '振宇',
  '思远',
  '佳怡',
  '子涵',
  '明辉',
  '晓琳',
];
const REGIONS = ['530702', '530721', '530722', '530723', '530724'];
const BANKS = ['中国农业银行', '中国工商银行', '中国建设银行', '中国银行', '云南省农村信用社联社'];
const EDUCATION = ['高中', '中专', '大专', '本科', '硕士研究生'];
const OCCUPATION = ['国家公务员', '专业技术人员', '办事人员', '企业管理人员', '商业、服务业人员', '教师'];

export function generatedMembers(count: number, today: IsoDate, seed = 20261126): { members: MemberSpec[]; loans: LoanSpec[] } {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const members: MemberSpec[] = [];
  const loans: LoanSpec[] = [];
  for (let i = 0; i < count; i++) {
    const year = 1965 + Math.floor(rand() * 35);
    const birth = `${year}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const employer = pick(employers);
    const key = `m${i}`;
    const opened = `${Math.max(year + 22, 2000)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`;
    members.push({
      key,
      name: pick(SURNAMES) + pick(GIVEN),
      idNumber: makeIdNumber(pick(REGIONS), birth, 100 + i),
      phone: `139${String(10_000_000 + i * 7919).slice(-8)}`,
      maritalStatus: rand() < 0.7 ? 'married' : 'unmarried',
      education: pick(EDUCATION),
      occupation: pick(OCCUPATION),
      employerCode: employer.code,
      status: 'normal',
      account: {
        accountNo: `53079${String(100000 + i).padStart(8, '0')}`,
        bankName: pick(BANKS),
        bankAccountNo: `62${String(Math.floor(rand() * 1e15)).padStart(15, '0')}`,
        depositBaseFen: (2500 + Math.floor(rand() * 95) * 100) * 100,
        openedOn: opened,
        status: 'normal',
        historyFrom: addMonths(today, -24, 1),
        openingBalanceFen: Math.floor(rand() * 12_000_000) + 200_000,
      },
    });
    if (rand() < 0.4) {
      const yearsAgo = 1 + Math.floor(rand() * 9);
      const issuedOn = addMonths(today, -12 * yearsAgo - Math.floor(rand() * 12), 1 + Math.floor(rand() * 27));
      const rate = issuedOn >= '2025-05-08' ? 2.6 : issuedOn >= '2024-05-18' ? 2.85 : issuedOn >= '2022-10-01' ? 3.1 : 3.25;
      loans.push({
        contractNo: `${issuedOn.slice(0, 4)}年委字${String(20000 + i).padStart(5, '0')}号`,
        loanAccountNo: `53079${String(100000 + i).padStart(8, '0')}101`,
        borrowerKey: key,
        principalFen: (150 + Math.floor(rand() * 45) * 10) * 1000 * 100,
        annualRatePercent: rate,
        months: pick([120, 180, 240, 300, 360]),
        method: rand() < 0.6 ? 'equal-installment' : 'equal-principal',
        issuedOn,
        repaymentDay: Number(issuedOn.slice(8, 10)),
        repaymentBank: members[i]!.account.bankName,
        repaymentAccountNo: members[i]!.account.bankAccountNo,
        overdue: rand() < 0.2 ? [{ period: 3 + Math.floor(rand() * 6), daysLate: 3 + Math.floor(rand() * 20) }] : undefined,
      });
    }
  }
  return { members, loans };
}
