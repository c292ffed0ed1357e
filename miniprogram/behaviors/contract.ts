/**
 * A page about one of the member's loans with the contract picker (还款明细, 还款计划, 逾期记录): opens on the
 * contract in the query (else the first still being repaid), shows 无贷款 when there is none, and loads again when
 * another contract is picked. The page starts its data from `contractPageData()` and supplies `load()` for the
 * chosen contract.
 */
import { loansAndCurrent } from '../services/loans'
import { errorMessage } from '../services/request'

/** The data the behavior reads and writes, as a contract page starts: `data: { ...contractPageData(), … }`. */
export const contractPageData = () => ({ loading: true, error: '', noLoan: false, contracts: [] as string[], contractNo: '' })

interface ContractHost {
  setData(data: Record<string, unknown>): void
  load(): Promise<void>
}

export const contractBehavior = Behavior({
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void (this as unknown as { init(contractNo?: string): Promise<void> }).init(query.contractNo ? decodeURIComponent(query.contractNo) : undefined)
    },
    async init(contractNo?: string) {
      const host = this as unknown as ContractHost
      host.setData({ loading: true, error: '' })
      try {
        const { loans, current } = await loansAndCurrent(contractNo)
        host.setData({ contracts: loans.map((l) => l.contractNo), contractNo: current ? current.contractNo : '', noLoan: !current })
        if (current) await host.load()
      } catch (err) {
        host.setData({ error: errorMessage(err) })
      } finally {
        host.setData({ loading: false })
      }
    },
    onContract(e: WechatMiniprogram.CustomEvent<{ contractNo: string }>) {
      const host = this as unknown as ContractHost
      host.setData({ contractNo: e.detail.contractNo })
      void host.load()
    },
  },
})
