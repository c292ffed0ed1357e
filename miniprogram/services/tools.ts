/** G5–G7: loan calculator, prepayment trial, interest rates. The server computes; pages only show. */
import type { CalculatorBody, PrepaymentBody } from '../types/index'
import { api } from './request'

export const calculateLoan = (body: CalculatorBody) => api('post', '/api/public/tools/loan-calculator', { body, loading: '正在计算' })
export const prepaymentTrial = (body: PrepaymentBody) => api('post', '/api/public/tools/prepayment-trial', { body, loading: '正在试算' })
export const getInterestRates = () => api('get', '/api/public/tools/interest-rates', { silent: true })
